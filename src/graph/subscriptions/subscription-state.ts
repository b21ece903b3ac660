import { fencedRead, fencedWriter } from '../../store/fenced';
import type { FencedStore, KeyValueStore } from '../../store/ports';

/** The lifecycle events Graph sends to the lifecycleNotificationUrl (change-notifications-lifecycle-events). */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];

/** What the leader keeps about one wanted subscription, shared by all replicas. */
export interface SubscriptionRecord {
  /** The wanted subscription's name, e.g. `chats`. */
  name: string;
  /** The resource the current subscription was created with, payment model included. */
  resource: string;
  subscriptionId?: string;
  /** ISO 8601, as Graph granted it. */
  expiresAt?: string;
  /** When it was created, adopted or last renewed. */
  lastRenewedAt?: string;
  /** Failed attempts in a row; 0 after a success. */
  failures: number;
  /** The last failure's message (a GraphError's: no token, no clientState). */
  lastError?: string;
  /** No Graph call for this subscription before this time (backoff, Retry-After). */
  nextAttemptAt?: string;
  /** Notifications after this time may be lost: a catch-up is owed. */
  catchUpSince?: string;
  catchUpReason?: CatchUpReason;
}

/** Why notifications may have been lost. */
export type CatchUpReason = 'missed' | 'subscriptionRemoved' | 'expired' | 'notFound';

/** How long a lifecycle event waits for the leader; Graph repeats reauthorizationRequired anyway. */
const EVENT_TTL_MS = 24 * 60 * 60_000;

/** Last-notification times outlive a subscription's three days a little. */
const SEEN_TTL_MS = 7 * 24 * 60 * 60_000;

const recordKey = (name: string): string => `graph-subscription:${name}`;
const eventKey = (subscriptionId: string, event: LifecycleEvent): string =>
  `graph-subscription-event:${subscriptionId}:${event}`;
const seenKey = (subscriptionId: string): string => `graph-subscription-seen:${subscriptionId}`;

/**
 * The manager's state. Only the lease holder writes records, fenced by its lease token
 * (`token`: a write after the lease passed on is refused by the store); any replica
 * records lifecycle events and notification times in the KeyValueStore under keys of
 * their own, so no replica ever overwrites another's read-modify-write.
 */
export const subscriptionState = (
  fenced: FencedStore,
  kv: KeyValueStore,
  token: () => number | undefined,
) => {
  const write = fencedWriter(fenced, token, 'graph subscription record');
  return {
    record: (name: string): Promise<SubscriptionRecord | undefined> =>
      fencedRead<SubscriptionRecord>(fenced, kv, recordKey(name)),
    saveRecord: (record: SubscriptionRecord): Promise<void> => write(recordKey(record.name), record),

    /** Notes a lifecycle event for the leader to handle; the time it arrived is kept. */
    noteEvent: (subscriptionId: string, event: LifecycleEvent, at: string): Promise<void> =>
      kv.set(eventKey(subscriptionId, event), at, EVENT_TTL_MS),
    /** The events waiting for a subscription, with when each arrived. */
    events: async (subscriptionId: string): Promise<Partial<Record<LifecycleEvent, string>>> => {
      const arrived = await Promise.all(
        LIFECYCLE_EVENTS.map((event) => kv.get<string>(eventKey(subscriptionId, event))),
      );
      return Object.fromEntries(
        LIFECYCLE_EVENTS.flatMap((event, index) =>
          arrived[index] === undefined ? [] : [[event, arrived[index]]],
        ),
      );
    },
    clearEvent: (subscriptionId: string, event: LifecycleEvent): Promise<void> =>
      kv.delete(eventKey(subscriptionId, event)),

    noteSeen: (subscriptionId: string, at: string): Promise<void> =>
      kv.set(seenKey(subscriptionId), at, SEEN_TTL_MS),
    seen: (subscriptionId: string): Promise<string | undefined> => kv.get<string>(seenKey(subscriptionId)),
  };
};

export type SubscriptionState = ReturnType<typeof subscriptionState>;
