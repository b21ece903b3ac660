/**
 * Storage ports. Every port has a memory implementation (one process only, the embedded
 * default) and a Redis implementation (any number of replicas); both pass the same
 * contract tests in test/integration/store.
 */

/** A user of the home tenant, the key of everything per-user. */
export interface UserKey {
  tenantId: string;
  aadObjectId: string;
}

/**
 * A Bot Framework ConversationReference as stored: plain JSON, so src/ needs no Teams SDK.
 * bot/ converts it back to botbuilder's type.
 */
export interface StoredConversationReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; [k: string]: unknown };
  user?: { id: string; aadObjectId?: string; name?: string; [k: string]: unknown };
  bot?: { id: string; name?: string; [k: string]: unknown };
  locale?: string;
  activityId?: string;
  [k: string]: unknown;
}

export interface ConversationRecord {
  reference: StoredConversationReference;
  updatedAt: string;
  /** Set when a send answered 403 (blocked or uninstalled); cleared by the next install or message. */
  staleSince?: string;
  staleReason?: string;
}

/** Where the bot can reach each user proactively. */
export interface ConversationRefStore {
  get(user: UserKey): Promise<ConversationRecord | undefined>;
  set(user: UserKey, reference: StoredConversationReference): Promise<void>;
  markStale(user: UserKey, reason: string): Promise<void>;
  delete(user: UserKey): Promise<void>;
}

/** JSON values under string keys with an optional time to live. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Atomically increments an integer counter and returns the new value. */
  increment(key: string, ttlMs?: number): Promise<number>;
}

/** "First one wins" markers, e.g. one warning per chat thread and recipient. */
export interface DedupeStore {
  /**
   * True when this call claimed the key (it was free), or when `owner` already holds it
   * (a redelivered job resuming its own work); false when someone else holds it.
   */
  claim(key: string, ttlMs: number, owner?: string): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** Distinct members seen under a key within a sliding time window (campaigns, lockouts). */
export interface WindowCounter {
  /** Records `member` at `at` and returns how many distinct members fall within the window. */
  add(key: string, member: string, windowMs: number, at?: number): Promise<number>;
  members(key: string, windowMs: number, at?: number): Promise<string[]>;
}

export interface QueueMessage<T> {
  id: string;
  body: T;
  /** How many times this message has been handed out (1 on the first try). */
  deliveries: number;
}

/**
 * A durable work queue. enqueue() returns once the item is stored; a consumer acks an
 * item only after handling it, and an item whose consumer died is handed out again.
 */
export interface WorkQueue<T> {
  enqueue(body: T): Promise<string>;
  /** Waits up to `blockMs` for up to `count` items. */
  receive(consumer: string, count: number, blockMs: number): Promise<QueueMessage<T>[]>;
  ack(id: string): Promise<void>;
  /** Items handed out but not acked: how many. */
  pending(): Promise<number>;
}

export const userKeyString = (user: UserKey): string => `${user.tenantId}:${user.aadObjectId}`;

/**
 * Pacing of sends (GCRA, "virtual scheduling"): each key keeps the theoretical time of
 * its next free slot. reserve() takes the next slot and says how long to wait for it, so
 * callers never exceed 1 send per `intervalMs` per key, also across replicas (Redis).
 * There is no burst allowance: the Teams limits are per second, and a burst at the start
 * of a second would already break them.
 */
export interface RateLimiter {
  /** Takes the key's next slot; resolves with the milliseconds to wait before using it. */
  reserve(key: string, intervalMs: number): Promise<number>;
  /**
   * The hard cap behind the pacing: takes a place, `place` (unique per send), among at
   * most `limit` in a sliding `windowMs`, and resolves 0; or, when the window is full,
   * takes nothing and resolves with the milliseconds to wait before asking again. A place
   * counts from now until settle(), then for `windowMs` more: a send arrives somewhere
   * between the two, so no window of arrivals holds more than `limit`, however long a
   * send waited on the way (a token fetch, a stalled event loop). An unsettled place
   * (a crashed replica) lapses after PLACE_LEASE_MS.
   */
  acquire(key: string, limit: number, windowMs: number, place: string): Promise<number>;
  /** The send holding `place` is done: its place counts for one window from now. */
  settle(key: string, place: string): Promise<void>;
}
