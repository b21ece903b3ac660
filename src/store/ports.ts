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

/**
 * Values only the holder of a lease writes (the Graph subscription records, the hunting
 * watermarks), fenced by the lease's token (Lease.token()): a write that carries a lower
 * token than one already written is refused, so a replica that lost its lease while it was
 * paused (a long GC pause, a frozen VM) never overwrites what the next holder wrote.
 */
export interface FencedStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Writes `value` unless a write with a higher token came first; resolves false when refused. */
  set<T>(key: string, value: T, token: number): Promise<boolean>;
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
 * item only after handling it. An item whose consumer went silent for the queue's claim
 * time (a dead replica: live workers extend() what they hold) is handed out again, and a
 * replica restarted under the same consumer name resumes its own items first (recover()).
 */
export interface WorkQueue<T> {
  enqueue(body: T): Promise<string>;
  /**
   * Up to `count` items: first those abandoned by a silent consumer (claimed for this
   * one), then new ones, waiting up to `blockMs` when there are none.
   */
  receive(consumer: string, count: number, blockMs: number): Promise<QueueMessage<T>[]>;
  /**
   * Up to `count` items handed to `consumer` and never acked, oldest first, each handed
   * out again (deliveries counts it): what a restarted replica does before receive().
   * Call it only while this process holds none of them (at start), or it hands out
   * items its own workers are still on.
   */
  recover(consumer: string, count: number): Promise<QueueMessage<T>[]>;
  /** The items are still being worked on by `consumer`: no one claims them for another claim time. */
  extend(consumer: string, ids: readonly string[]): Promise<void>;
  /** Hands items back unfinished (a replica stopping): the next receive() of any consumer takes them. */
  release(consumer: string, ids: readonly string[]): Promise<void>;
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

/** A job due at a time; `dueAt` (ms since the epoch) also tells a rescheduled job from the old one. */
export interface ScheduledJob<T> {
  id: string;
  dueAt: number;
  body: T;
}

/**
 * Jobs that fall due later (a nudge a day after a warning). Durable in Redis; whoever takes
 * a due job hands it on (to a work queue) before calling done(), so a crash repeats it
 * instead of losing it. Both kinds pass test/integration/store/scheduled-jobs.contract.test.ts.
 */
export interface ScheduledJobs<T> {
  /** Schedules job `id`, replacing any job of that ID. */
  schedule(id: string, dueAt: number, body: T): Promise<void>;
  /** Drops job `id`; true when there was one. */
  cancel(id: string): Promise<boolean>;
  /** Up to `count` jobs due at `now`, earliest first; they stay until done(). */
  due(now: number, count: number): Promise<ScheduledJob<T>[]>;
  /** Removes a job handed on, unless it was rescheduled since (another dueAt). */
  done(id: string, dueAt: number): Promise<void>;
}
