/**
 * Polls `check` until it returns a value other than undefined/false, and resolves with it;
 * rejects after `timeoutMs`. For waiting on asynchronous delivery in tests (a bound, not a
 * timing assertion).
 */
export const waitFor = async <T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** waitFor for a plain condition: resolves once `condition` holds. */
export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  await waitFor(what, condition, timeoutMs);
};
