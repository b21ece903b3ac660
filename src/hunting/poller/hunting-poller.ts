import { createCoalescingRunner } from '../../graph/subscriptions/coalescing-runner';
import { createLease, createLeaseKeeper } from '../../store/lease';
import { createCallPacer } from './call-pacer';
import { type HuntingPollerHealth, huntingState, readQueryHealth } from './hunting-state';
import { createQueryRunner } from './poll-query';
import { type HuntingPollerOptions, settleHuntingOptions } from './poller-options';

/** Polls Defender advanced hunting on one replica; see {@link createHuntingPoller}. */
export interface HuntingPoller {
  /** Starts the timers and a first run, without waiting for it. */
  start(): void;
  /** Stops the timers, cuts short a wait for a call slot, waits for the run under way and gives up the lease. */
  stop(): Promise<void>;
  /** One run now: the lease, then, when held, every query that is due. For tests and a CLI. */
  runOnce(): Promise<void>;
  /** Asks for a run soon (e.g. the subscription manager's catchUp); returns at once; needs start(). */
  requestRun(): void;
  /** Every query's state from the shared store, and this replica's part; rejects when the store does. */
  health(): Promise<HuntingPollerHealth>;
}

const LEASE_KEY = 'hunting-poller:lease';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Runs the given advanced hunting queries every `intervalMs` on the one replica that holds
 * the lease, each over the window since its watermark (less an overlap for late rows), and
 * hands the rows to the query's `handle`. The watermark (KeyValueStore
 * `hunting:watermark:<name>`) moves only once `handle` resolved, so a crash, a failure or a
 * takeover re-reads rows but never skips them. Calls are paced under Microsoft's per-minute
 * limit; a 429 (calls or CPU quota) pauses every query for Graph's wait, after which the
 * next run catches up from the watermarks. Other failures back off per query.
 */
export const createHuntingPoller = (options: HuntingPollerOptions): HuntingPoller => {
  const settled = settleHuntingOptions(options);
  const { log, queries, graph } = options;
  const { now } = settled;
  const lease = createLease({
    dedupe: options.dedupe,
    key: LEASE_KEY,
    leaseMs: settled.leaseMs,
    owner: settled.owner,
    now,
  });
  const state = huntingState(options.fenced, options.kv, () => lease.token());
  const pacer = createCallPacer({ callsPerMinute: settled.callsPerMinute, now, sleep: settled.sleep });
  let abort = new AbortController();
  let pausedUntil = 0;
  let started = false;
  let timers: NodeJS.Timeout[] = [];
  let wake: { timer: NodeJS.Timeout; at: number } | undefined;
  let passChain: Promise<void> = Promise.resolve();

  const keeper = createLeaseKeeper(lease, {
    onChange: (leader) =>
      log.info(
        { hunting: { owner: settled.owner, leader } },
        leader ? 'hunting: this replica polls now' : 'hunting: another replica polls',
      ),
    onError: (err) =>
      log.warn(
        { err },
        'hunting: the lease could not be renewed or released (store unavailable?); another replica takes over when it lapses',
      ),
  });
  const runLease = (): Promise<boolean> => keeper.maintain();

  const runner = createQueryRunner({
    graph,
    log,
    state,
    windows: settled.windows,
    rowCap: settled.rowCap,
    minSplitMs: settled.minSplitMs,
    backoff: settled.backoff,
    now,
    // The lease is renewed before every call: a run that waits for call slots or catches up
    // for minutes must not poll on after another replica took over.
    takeCall: async () => (await pacer.take(abort.signal)) && (await runLease()),
    mayGoOn: () => !abort.signal.aborted && lease.held(),
  });

  /** Runs again when a backoff or the quota wait ends, rather than at the next interval. */
  const wakeAt = (retryAt: number): void => {
    if (!started || (wake !== undefined && wake.at <= retryAt && wake.at > now())) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(() => coalescing.request(), Math.max(0, retryAt - now()));
    timer.unref();
    wake = { timer, at: retryAt };
  };

  const pass = async (): Promise<void> => {
    try {
      if (!(await runLease())) return;
      for (const query of queries) {
        if (abort.signal.aborted || !lease.held() || pausedUntil > now()) return;
        const { nextAttemptAt } = await state.status(query.name);
        if (nextAttemptAt !== undefined && Date.parse(nextAttemptAt) > now()) continue;
        const outcome = await runner.poll(query);
        if (outcome.kind === 'stopped') return;
        if (outcome.kind === 'done') continue;
        wakeAt(outcome.retryAt);
        if (outcome.kind === 'paused') {
          pausedUntil = outcome.retryAt;
          return;
        }
      }
    } catch (err) {
      log.warn({ err }, 'hunting: the run failed (store unavailable?); the next one retries');
    }
  };

  const runOnce = (): Promise<void> => (passChain = passChain.then(pass));
  const coalescing = createCoalescingRunner(runOnce);

  return {
    start() {
      if (started) return;
      started = true;
      timers = [
        setInterval(() => void runLease(), Math.max(1, Math.floor(settled.leaseMs / 4))),
        setInterval(() => coalescing.request(), settled.intervalMs),
      ];
      // Timers must not keep a stopping process alive.
      for (const timer of timers) timer.unref();
      coalescing.request();
    },

    async stop() {
      started = false;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      if (wake) clearTimeout(wake.timer);
      wake = undefined;
      abort.abort();
      await coalescing.idle();
      await passChain;
      abort = new AbortController();
      await keeper.release();
    },

    runOnce,

    requestRun() {
      if (started) coalescing.request();
    },

    async health() {
      const at = now();
      return {
        leader: lease.held(),
        ...(pausedUntil > at ? { pausedUntil: iso(pausedUntil) } : {}),
        queries: await Promise.all(queries.map((query) => readQueryHealth(state, query.name, at))),
      };
    },
  };
};
