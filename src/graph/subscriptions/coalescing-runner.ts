/** Runs a task now, or once more right after the run under way: never two at once, never a lost request. */
export interface CoalescingRunner {
  /** Asks for a run; returns at once. */
  request(): void;
  /** Resolves when no run is under way or asked for. */
  idle(): Promise<void>;
}

/**
 * Coalesces requests for `run` (a pass over the subscriptions): a lifecycle event that
 * arrives during a pass gets a pass of its own right after it, and a burst of them gets
 * one, not one each. `run` must not reject.
 */
export const createCoalescingRunner = (run: () => Promise<void>): CoalescingRunner => {
  let active: Promise<void> | undefined;
  let again = false;
  const request = (): void => {
    if (active) {
      again = true;
      return;
    }
    active = run().finally(() => {
      active = undefined;
      if (again) {
        again = false;
        request();
      }
    });
  };
  return {
    request,
    async idle() {
      while (active) await active;
    },
  };
};
