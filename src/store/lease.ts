import type { DedupeStore } from './ports';

/** One replica's hold on a lease shared through a DedupeStore. */
export interface Lease {
  /** Claims the current (and, in its second half, the next) period; true when this replica holds the lease now. */
  maintain(): Promise<boolean>;
  /** Whether this replica holds the current period, by its own clock; no store round trip. */
  held(): boolean;
  /**
   * The fencing token of the hold: the number of the current period, while held by its own
   * clock (undefined otherwise). Periods only grow and each has one holder, so a later
   * holder's token is always higher (FencedStore refuses the lower one).
   */
  token(): number | undefined;
  /** Gives up every period held, so another replica takes over at its next maintain(). */
  release(): Promise<void>;
}

/** What a lease is made of; one key per job that must run on one replica at a time. */
export interface LeaseOptions {
  dedupe: DedupeStore;
  /** The store key; each period gets `{key}:{period}`. */
  key: string;
  /** Length of one period: a dead holder is replaced within two. */
  leaseMs: number;
  /** This replica's name in the store. */
  owner: string;
  now: () => number;
}

/**
 * A lease over DedupeStore.claim alone, shared by every job that must run on one replica
 * at a time (the Graph subscription manager, the hunting poller), so there is one
 * algorithm to get right. DedupeStore.claim cannot extend a key it already holds, so time
 * is cut into periods of `leaseMs` and each period has its own key (`SET NX` with a TTL).
 * The holder of the current period claims the next one in the current period's second
 * half; everyone else only claims the current period. So a live holder keeps the lease
 * period after period, and when it dies, the first period it had not claimed goes to
 * whoever asks first: takeover within two periods, with no unlock that could free someone
 * else's key. Clocks of the replicas may differ by up to half a period.
 */
export const createLease = (options: LeaseOptions): Lease => {
  const { dedupe, key, leaseMs, owner, now } = options;
  const periods = new Set<number>();
  const periodOf = (at: number): number => Math.floor(at / leaseMs);
  const keyOf = (period: number): string => `${key}:${period}`;

  const claim = async (period: number, at: number): Promise<void> => {
    if (periods.has(period)) return;
    // Lives to the end of its period plus half a period, for clocks that run behind.
    const ttlMs = Math.ceil((period + 1) * leaseMs - at + leaseMs / 2);
    if (await dedupe.claim(keyOf(period), ttlMs, owner)) periods.add(period);
  };

  return {
    async maintain() {
      const at = now();
      const current = periodOf(at);
      for (const period of periods) if (period < current) periods.delete(period);
      await claim(current, at);
      if (periods.has(current) && at - current * leaseMs >= leaseMs / 2) await claim(current + 1, at);
      return periods.has(current);
    },

    held() {
      return periods.has(periodOf(now()));
    },

    token() {
      const current = periodOf(now());
      return periods.has(current) ? current : undefined;
    },

    async release() {
      const held = [...periods];
      periods.clear();
      const results = await Promise.allSettled(held.map((period) => dedupe.release(keyOf(period))));
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      // The keys lapse on their own; the caller logs that takeover waits for them.
      if (failed) throw failed.reason;
    },
  };
};

/** What a job does when its hold changes or the store cannot be asked. */
export interface LeaseKeeperHooks {
  /** The hold changed: this replica leads now (true) or another one does (false). */
  onChange(leader: boolean): void;
  /** maintain() failed (the store is unreachable); the hold is then what the clock says. */
  onError(err: unknown): void;
}

/**
 * A lease as a job uses it: maintain() calls one after the other (never two at once),
 * each change of hold reported once, and a store failure answered by the local clock
 * (held() keeps a period this replica already holds; it never claims one).
 */
export const createLeaseKeeper = (lease: Lease, hooks: LeaseKeeperHooks) => {
  let leader = false;
  let chain: Promise<boolean> = Promise.resolve(false);
  const maintainOnce = async (): Promise<boolean> => {
    let now: boolean;
    try {
      now = await lease.maintain();
    } catch (err) {
      hooks.onError(err);
      now = lease.held();
    }
    if (now !== leader) hooks.onChange(now);
    leader = now;
    return now;
  };
  return {
    /** Renews (or claims) the hold; true while this replica leads. */
    maintain: (): Promise<boolean> => (chain = chain.then(maintainOnce)),
    /** Waits for the maintain() in flight, then gives the lease up; hooks.onError on failure. */
    async release(): Promise<void> {
      await chain;
      try {
        await lease.release();
      } catch (err) {
        hooks.onError(err);
      }
      leader = false;
    },
  };
};
