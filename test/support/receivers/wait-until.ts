/**
 * Polls `condition` until it holds; rejects with `what` after `timeoutMs`. For waiting on
 * asynchronous delivery in tests (a bound, not a timing assertion).
 */
export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
