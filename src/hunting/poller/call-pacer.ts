/** Spaces the poller's Graph calls; see {@link createCallPacer}. */
export interface CallPacer {
  /** Waits for a free slot and takes it; false when `signal` aborted the wait (the poller stops). */
  take(signal?: AbortSignal): Promise<boolean>;
  /** How long take() would wait now, in ms. */
  waitMs(): number;
}

export interface CallPacerOptions {
  /** At most this many calls start within any 60 s. */
  callsPerMinute: number;
  now: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MINUTE_MS = 60_000;

/**
 * A sliding-window pacer local to this process: no 60 s holds more than `callsPerMinute`
 * call starts. Microsoft allows "at least 45 calls per minute per tenant" for advanced
 * hunting; keeping under it leaves room for people hunting in the portal. Local is enough
 * because only the lease holder polls.
 */
export const createCallPacer = (options: CallPacerOptions): CallPacer => {
  const { callsPerMinute, now, sleep } = options;
  const starts: number[] = [];
  const waitMs = (): number => {
    const at = now();
    while (starts.length > 0 && starts[0] <= at - MINUTE_MS) starts.shift();
    return starts.length < callsPerMinute ? 0 : starts[0] + MINUTE_MS - at;
  };
  return {
    waitMs,
    async take(signal) {
      for (let wait = waitMs(); wait > 0; wait = waitMs()) {
        await sleep(wait, signal);
        if (signal?.aborted) return false;
      }
      starts.push(now());
      return true;
    },
  };
};
