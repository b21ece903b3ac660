import { randomUUID } from 'node:crypto';
import { KEY_PREFIX } from './keys';
import type {
  ConversationRecord,
  ConversationRefStore,
  DedupeStore,
  KeyValueStore,
  QueueMessage,
  StoredConversationReference,
  UserKey,
  WindowCounter,
  WorkQueue,
} from './ports';
import type { RedisClient } from './redis-client';

// The client and its connection live in redis-client.ts (the rate limiter needs the type too).
export { connectRedis, type ConnectOptions, type RedisClient } from './redis-client';
export { KEY_PREFIX };

export class RedisKeyValueStore implements KeyValueStore, DedupeStore {
  constructor(private readonly redis: RedisClient) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(`${KEY_PREFIX}kv:${key}`);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const options = ttlMs === undefined ? undefined : { expiration: { type: 'PX' as const, value: ttlMs } };
    await this.redis.set(`${KEY_PREFIX}kv:${key}`, JSON.stringify(value), options);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`${KEY_PREFIX}kv:${key}`);
  }

  async increment(key: string, ttlMs?: number): Promise<number> {
    const full = `${KEY_PREFIX}kv:${key}`;
    const value = await this.redis.incr(full);
    // The first increment creates the key; only then does the window start.
    if (value === 1 && ttlMs !== undefined) await this.redis.pExpire(full, ttlMs);
    return value;
  }

  async claim(key: string, ttlMs: number, owner: string = randomUUID()): Promise<boolean> {
    // SET NX GET (Redis 7): sets when free and returns the holder otherwise, in one step.
    const previous: unknown = await this.redis.sendCommand([
      'SET',
      `${KEY_PREFIX}dedupe:${key}`,
      owner,
      'NX',
      'GET',
      'PX',
      String(ttlMs),
    ]);
    return previous === null || String(previous) === owner;
  }

  async release(key: string): Promise<void> {
    await this.redis.del(`${KEY_PREFIX}dedupe:${key}`);
  }
}

export class RedisConversationRefStore implements ConversationRefStore {
  constructor(private readonly redis: RedisClient) {}

  private key(user: UserKey): string {
    return `${KEY_PREFIX}convref:${user.tenantId}:${user.aadObjectId}`;
  }

  async get(user: UserKey): Promise<ConversationRecord | undefined> {
    const hash = await this.redis.hGetAll(this.key(user));
    if (!hash.reference) return undefined;
    return {
      reference: JSON.parse(hash.reference) as StoredConversationReference,
      updatedAt: hash.updatedAt,
      ...(hash.staleSince ? { staleSince: hash.staleSince, staleReason: hash.staleReason } : {}),
    };
  }

  async set(user: UserKey, reference: StoredConversationReference): Promise<void> {
    const key = this.key(user);
    await this.redis
      .multi()
      .hSet(key, { reference: JSON.stringify(reference), updatedAt: new Date().toISOString() })
      .hDel(key, ['staleSince', 'staleReason'])
      .exec();
  }

  async markStale(user: UserKey, reason: string): Promise<void> {
    const key = this.key(user);
    if ((await this.redis.exists(key)) === 0) return;
    await this.redis.hSet(key, { staleSince: new Date().toISOString(), staleReason: reason });
  }

  async delete(user: UserKey): Promise<void> {
    await this.redis.del(this.key(user));
  }
}

/** Sorted sets scored by time: ZADD, trim what left the window, count. */
export class RedisWindowCounter implements WindowCounter {
  constructor(private readonly redis: RedisClient) {}

  async add(key: string, member: string, windowMs: number, at = Date.now()): Promise<number> {
    const full = `${KEY_PREFIX}window:${key}`;
    const replies = await this.redis
      .multi()
      .zAdd(full, { score: at, value: member })
      .zRemRangeByScore(full, '-inf', at - windowMs)
      .zCard(full)
      .pExpire(full, windowMs)
      .exec();
    return Number(replies[2]);
  }

  async members(key: string, windowMs: number, at = Date.now()): Promise<string[]> {
    return this.redis.zRangeByScore(`${KEY_PREFIX}window:${key}`, `(${at - windowMs}`, '+inf');
  }
}

const GROUP = 'workers';
/** The idle time a handed-back entry gets: beyond any claim time, so it is claimable at once. */
export const RELEASED_IDLE_MS = 24 * 3600 * 1000;

/**
 * A Redis Stream with one consumer group. Items are acked (XACK + XDEL) after handling;
 * an item pending longer than `claimIdleMs` (its consumer died) is claimed by the next
 * receive() of any replica (XAUTOCLAIM).
 */
export class RedisWorkQueue<T> implements WorkQueue<T> {
  private readonly stream: string;
  private groupReady?: Promise<void>;
  private blocking?: Promise<RedisClient>;
  private blockingConnection?: RedisClient;
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    name: string,
    private readonly claimIdleMs = 10_000,
  ) {
    this.stream = `${KEY_PREFIX}queue:${name}`;
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= this.redis
      .sendCommand(['XGROUP', 'CREATE', this.stream, GROUP, '0', 'MKSTREAM'])
      .then(
        () => undefined,
        (err: unknown) => {
          // BUSYGROUP: another replica created it first, which is what we wanted.
          if (!String(err).includes('BUSYGROUP')) {
            this.groupReady = undefined;
            throw err;
          }
        },
      );
    return this.groupReady;
  }

  /** Blocking reads get their own connection so they never stall other commands. */
  private blockingClient(): Promise<RedisClient> {
    if (this.closed) return Promise.reject(new Error(`queue ${this.stream} is closed`));
    if (!this.blocking) {
      // Kept before connecting: with Redis down, connect() waits until close() destroys it.
      const client = this.redis.duplicate();
      client.on('error', () => undefined);
      this.blockingConnection = client;
      this.blocking = client.connect().then(
        () => client,
        (err: unknown) => {
          this.blocking = undefined;
          throw err;
        },
      );
    }
    return this.blocking;
  }

  async enqueue(body: T): Promise<string> {
    await this.ensureGroup();
    const id = await this.redis.sendCommand(['XADD', this.stream, '*', 'body', JSON.stringify(body)]);
    return String(id);
  }

  async receive(consumer: string, count: number, blockMs: number): Promise<QueueMessage<T>[]> {
    await this.ensureGroup();
    const claimed = await this.claimAbandoned(consumer, count);
    if (claimed.length > 0) return claimed;
    const client = blockMs > 0 ? await this.blockingClient() : this.redis;
    const args = ['XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', String(count)];
    if (blockMs > 0) args.push('BLOCK', String(blockMs));
    args.push('STREAMS', this.stream, '>');
    const reply = (await client.sendCommand(args)) as Array<[string, Array<[string, string[]]>]> | null;
    if (!reply) return [];
    return reply.flatMap(([, entries]) => entries.map((entry) => this.toMessage(entry, 1)));
  }

  private async claimAbandoned(consumer: string, count: number): Promise<QueueMessage<T>[]> {
    const reply = (await this.redis.sendCommand([
      'XAUTOCLAIM',
      this.stream,
      GROUP,
      consumer,
      String(this.claimIdleMs),
      '0-0',
      'COUNT',
      String(count),
    ])) as [string, Array<[string, string[]] | null>];
    const entries = reply[1].filter((entry): entry is [string, string[]] => entry !== null);
    if (entries.length === 0) return [];
    const counts = await this.deliveryCounts(entries.map(([id]) => id));
    return entries.map((entry) => this.toMessage(entry, counts.get(entry[0]) ?? 2));
  }

  private async deliveryCounts(ids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const reply = (await this.redis.sendCommand([
      'XPENDING',
      this.stream,
      GROUP,
      ids[0],
      ids[ids.length - 1],
      String(ids.length),
    ])) as Array<[string, string, number, number]>;
    for (const [id, , , deliveries] of reply) counts.set(id, Number(deliveries));
    return counts;
  }

  private toMessage([id, fields]: [string, string[]], deliveries: number): QueueMessage<T> {
    const bodyIndex = fields.indexOf('body');
    return { id, body: JSON.parse(fields[bodyIndex + 1]) as T, deliveries };
  }

  async recover(consumer: string, count: number): Promise<QueueMessage<T>[]> {
    await this.ensureGroup();
    // ID 0: this consumer's own history of pending entries, not new ones.
    const reply = (await this.redis.sendCommand([
      'XREADGROUP',
      'GROUP',
      GROUP,
      consumer,
      'COUNT',
      String(count),
      'STREAMS',
      this.stream,
      '0',
    ])) as Array<[string, Array<[string, string[] | null]>]> | null;
    const listed = (reply ?? []).flatMap(([, entries]) => entries);
    // An entry deleted while pending comes back without fields: nothing left to do, ack it.
    const gone = listed.filter(([, fields]) => fields === null).map(([id]) => id);
    if (gone.length > 0) await this.redis.sendCommand(['XACK', this.stream, GROUP, ...gone]);
    const entries = listed.filter((entry): entry is [string, string[]] => entry[1] !== null);
    if (entries.length === 0) return [];
    // Redis 7 counts a history read as a delivery and resets the idle time, as wanted here.
    const counts = await this.deliveryCounts(entries.map(([id]) => id));
    return entries.map((entry) => this.toMessage(entry, counts.get(entry[0]) ?? 2));
  }

  async extend(consumer: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // XCLAIM to the holder itself resets the idle time; JUSTID leaves the delivery count alone.
    await this.redis.sendCommand(['XCLAIM', this.stream, GROUP, consumer, '0', ...ids, 'JUSTID']);
  }

  async release(consumer: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // Marked idle for longer than any claim time: the next XAUTOCLAIM of any consumer takes them.
    await this.redis.sendCommand([
      'XCLAIM',
      this.stream,
      GROUP,
      consumer,
      '0',
      ...ids,
      'IDLE',
      String(RELEASED_IDLE_MS),
      'JUSTID',
    ]);
  }

  async ack(id: string): Promise<void> {
    await this.redis.multi().xAck(this.stream, GROUP, id).xDel(this.stream, id).exec();
  }

  async pending(): Promise<number> {
    await this.ensureGroup();
    const reply = (await this.redis.sendCommand(['XPENDING', this.stream, GROUP])) as [number, ...unknown[]];
    return Number(reply[0]);
  }

  /** Ends the blocking connection, also while it is still connecting (a read waiting on it rejects). */
  async close(): Promise<void> {
    this.closed = true;
    this.blockingConnection?.destroy();
    this.blockingConnection = undefined;
    this.blocking = undefined;
  }
}
