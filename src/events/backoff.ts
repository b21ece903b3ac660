/** Retry timing of the forwarder: exponential backoff with jitter, and Retry-After. */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Upper bound for a server's Retry-After, so a bad header cannot park a sink for days. */
  retryAfterMaxMs: number;
  /** A number in [0, 1); Math.random by default, fixed in tests. */
  random?: () => number;
}

/**
 * How long to wait before attempt `attempt + 1`, after `attempt` failed (1-based).
 * "Equal jitter": half the exponential delay is fixed, half random, so replicas that
 * failed together spread out but none retries at once. A server's Retry-After wins when
 * it asks for longer.
 */
export const retryDelayMs = (attempt: number, options: BackoffOptions, retryAfterMs?: number): number => {
  const random = options.random ?? Math.random;
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  if (retryAfterMs === undefined) return Math.round(jittered);
  return Math.round(Math.max(jittered, Math.min(retryAfterMs, options.retryAfterMaxMs)));
};

/**
 * Parses a Retry-After header: delay-seconds or an HTTP date (RFC 9110 10.2.3).
 * Undefined when absent or unreadable.
 */
export const parseRetryAfter = (
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined => {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
