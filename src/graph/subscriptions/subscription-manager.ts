import { createLease, createLeaseKeeper } from '../../store/lease';
import { createCoalescingRunner } from './coalescing-runner';
import { settleOptions, type SubscriptionManagerOptions } from './manager-options';
import { reconcileSubscription, type ReconcileDeps } from './reconcile-subscription';
import { readHealth, type SubscriptionsHealth } from './subscription-health';
import {
  LIFECYCLE_EVENTS,
  type LifecycleEvent,
  type SubscriptionRecord,
  subscriptionState,
} from './subscription-state';

/** A lifecycle notification as the lifecycle route passes it on (its clientState already checked). */
export interface LifecycleNotice {
  subscriptionId: string;
  lifecycleEvent: LifecycleEvent;
  subscriptionExpirationDateTime?: string;
}

/** Keeps the bot's Graph subscriptions alive; see {@link createSubscriptionManager}. */
export interface SubscriptionManager {
  /** Starts the timers and a first pass, without waiting for Graph: call it once the HTTP server listens. */
  start(): void;
  /** Stops the timers, waits for the pass under way and gives up the lease (subscriptions stay). */
  stop(): Promise<void>;
  /** One pass now: the lease, then, when held, every subscription. For tests and a CLI. */
  tick(): Promise<void>;
  /** Notes a lifecycle event for the lease holder; fast (store writes only), so the route can answer 202. */
  onLifecycle(notification: LifecycleNotice): Promise<'accepted' | 'ignored'>;
  /** Notes that a change notification of `subscriptionId` arrived (one store write a second at most). */
  noteNotification(subscriptionId: string, at?: Date | string | number): Promise<void>;
  /** Every kept subscription's state; rejects when the store does. */
  health(): Promise<SubscriptionsHealth>;
}

const LEASE_KEY = 'graph-subscriptions:lease';
const SEEN_WRITE_INTERVAL_MS = 1_000;
const SEEN_MEMORY = 64;

/**
 * Keeps the wanted subscriptions (DEFAULT_SUBSCRIPTIONS: `/chats` and `/chats/getAllMembers`,
 * changeType `created`) alive on one replica at a time: the holder of a lease in the
 * DedupeStore creates what is missing (adopting a listed one of ours first), renews each
 * at 2/3 of the lifetime Graph granted (a third of it, a day for three-day subscriptions,
 * is left for retries through an outage), recreates on `subscriptionRemoved`, on expiry and
 * when a renewal answers 404, reauthorizes on `reauthorizationRequired` (renewing when that
 * fails), and calls `catchUp` for `missed` and for every gap. State lives in the
 * KeyValueStore, so a replica taking over carries on where the last one stopped.
 * Failures wait with backoff, or for Graph's Retry-After. Logs hold no token and no clientState.
 */
export const createSubscriptionManager = (options: SubscriptionManagerOptions): SubscriptionManager => {
  const settled = settleOptions(options);
  const { log } = options;
  const { now, wanted } = settled;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const lease = createLease({
    dedupe: options.dedupe,
    key: LEASE_KEY,
    leaseMs: settled.leaseMs,
    owner: settled.owner,
    now,
  });
  const state = subscriptionState(options.fenced, options.kv, () => lease.token());
  const deps: ReconcileDeps = {
    graph: options.graph,
    log,
    now,
    settings: settled.settings,
    renewAtFraction: settled.renewAtFraction,
    backoff: settled.backoff,
    catchUp: options.catchUp,
  };
  const seenWrites = new Map<string, number>();
  let timers: NodeJS.Timeout[] = [];
  let started = false;
  let passChain: Promise<void> = Promise.resolve();

  const keeper = createLeaseKeeper(lease, {
    onChange: (leader) =>
      log.info(
        { graphSubscriptions: { owner: settled.owner, leader } },
        leader
          ? 'graph subscriptions: this replica maintains them now'
          : 'graph subscriptions: another replica maintains them',
      ),
    onError: (err) =>
      log.warn(
        { err },
        'graph subscriptions: the lease could not be renewed or released (store unavailable?); another replica takes over when it lapses',
      ),
  });
  const runLease = (): Promise<boolean> => keeper.maintain();

  const reconcileOne = async (index: number): Promise<void> => {
    const target = wanted[index];
    const record: SubscriptionRecord = (await state.record(target.name)) ?? {
      name: target.name,
      resource: target.resource,
      failures: 0,
    };
    if (record.nextAttemptAt !== undefined && Date.parse(record.nextAttemptAt) > now()) return;
    const id = record.subscriptionId;
    const events = id === undefined ? {} : await state.events(id);
    const result = await reconcileSubscription(deps, target, record, events);
    // The record first: an event cleared before it is saved would be lost with a crash in between.
    await state.saveRecord(result.record);
    if (id !== undefined) await Promise.all(result.handled.map((event) => state.clearEvent(id, event)));
  };

  const pass = async (): Promise<void> => {
    try {
      if (!(await runLease())) return;
      for (let index = 0; index < wanted.length; index += 1) {
        // A pass that outlived the lease stops: another replica may be at work already.
        if (!lease.held()) return;
        await reconcileOne(index);
      }
    } catch (err) {
      log.warn({ err }, 'graph subscriptions: the pass failed (store unavailable?); the next one retries');
    }
  };

  const tick = (): Promise<void> => (passChain = passChain.then(pass));

  const runner = createCoalescingRunner(tick);
  const kick = (): void => {
    if (started) runner.request();
  };

  return {
    start() {
      if (started) return;
      started = true;
      timers = [
        setInterval(() => void runLease(), Math.max(1, Math.floor(settled.leaseMs / 4))),
        setInterval(kick, settled.tickIntervalMs),
      ];
      // Timers must not keep a stopping process alive.
      for (const timer of timers) timer.unref();
      kick();
    },

    async stop() {
      started = false;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await runner.idle();
      await passChain;
      await keeper.release();
    },

    tick,

    async onLifecycle(notification) {
      const { subscriptionId, lifecycleEvent } = notification;
      const records = await Promise.all(wanted.map((target) => state.record(target.name)));
      if (
        !LIFECYCLE_EVENTS.includes(lifecycleEvent) ||
        !records.some((r) => r?.subscriptionId === subscriptionId)
      ) {
        log.info(
          { graphSubscription: { subscriptionId, lifecycleEvent } },
          'graph: lifecycle event for no kept subscription; ignored',
        );
        return 'ignored';
      }
      await state.noteEvent(subscriptionId, lifecycleEvent, iso(now()));
      log.info(
        { graphSubscription: { subscriptionId, lifecycleEvent } },
        `graph: lifecycle event ${lifecycleEvent} noted`,
      );
      if (lease.held()) kick();
      return 'accepted';
    },

    async noteNotification(subscriptionId, at = now()) {
      const atMs = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
      if (Number.isNaN(atMs)) return;
      const last = seenWrites.get(subscriptionId);
      // Also drops a late, older time: it must not move lastNotificationAt back.
      if (last !== undefined && atMs - last < SEEN_WRITE_INTERVAL_MS) return;
      seenWrites.delete(subscriptionId);
      seenWrites.set(subscriptionId, atMs);
      if (seenWrites.size > SEEN_MEMORY) seenWrites.delete(seenWrites.keys().next().value as string);
      await state.noteSeen(subscriptionId, iso(atMs));
    },

    async health() {
      return { leader: lease.held(), subscriptions: await readHealth(state, wanted, now()) };
    },
  };
};
