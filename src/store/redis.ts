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
import type { RedisConnection } from './redis-client';
import {
  claimAbandoned,
  createGroup,
  handBack,
  keepClaimed,
  readNew,
  recoverOwn,
  type DeliveredEntry,
} from './redis-streams';

// The connection lives in redis-client.ts (every Redis store takes a RedisConnection).
export { connectRedis, type ConnectOptions, type RedisConnection } from './redis-client';
export { KEY_PREFIX };

export class RedisKeyValueStore implements KeyValueStore, DedupeStore {
  constructor(private readonly redis: RedisConnection) {}

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
    const full = `${KEY_PREFIX}dedupe:${key}`;
    const previous: unknown = await this.redis.send(full, [
      'SET',
      full,
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
  constructor(private readonly redis: RedisConnection) {}

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
      .multi(key)
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
  constructor(private readonly redis: RedisConnection) {}

  async add(key: string, member: string, windowMs: number, at = Date.now()): Promise<number> {
    const full = `${KEY_PREFIX}window:${key}`;
    const replies = await this.redis
      .multi(full)
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

/**
 * A Redis Stream with one consumer group. Items are acked (XACK + XDEL) after handling;
 * an item pending longer than `claimIdleMs` (its consumer died: live workers extend() what
 * they hold) is claimed by the next receive() of any replica (XAUTOCLAIM); a replica
 * restarted under its consumer name takes its own back at once (recover()).
 */
export class RedisWorkQueue<T> implements WorkQueue<T> {
  private readonly stream: string;
  private groupReady?: Promise<void>;
  private blocking?: Promise<RedisConnection>;
  private blockingConnection?: RedisConnection;
  private closed = false;
  /** The acks of this tick, sent together (one MULTI of XACK and XDEL for all of them). */
  private acks?: { ids: string[]; sent: Promise<void> };

  constructor(
    private readonly redis: RedisConnection,
    name: string,
    private readonly claimIdleMs = 10_000,
  ) {
    this.stream = `${KEY_PREFIX}queue:${name}`;
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= createGroup(this.redis, this.stream, GROUP).catch((err: unknown) => {
      this.groupReady = undefined;
      throw err;
    });
    return this.groupReady;
  }

  /** Blocking reads get their own connection so they never stall other commands. */
  private blockingClient(): Promise<RedisConnection> {
    if (this.closed) return Promise.reject(new Error(`queue ${this.stream} is closed`));
    if (!this.blocking) {
      // Kept before connecting: with Redis down, connect() waits until close() destroys it.
      const connection = this.redis.duplicate();
      this.blockingConnection = connection;
      this.blocking = connection.connect().then(
        () => connection,
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
    const id = await this.redis.send(this.stream, ['XADD', this.stream, '*', 'body', JSON.stringify(body)]);
    return String(id);
  }

  async receive(consumer: string, count: number, blockMs: number): Promise<QueueMessage<T>[]> {
    await this.ensureGroup();
    const claimed = await claimAbandoned(this.redis, this.stream, GROUP, consumer, this.claimIdleMs, count);
    if (claimed.length > 0) return claimed.map((entry) => this.toMessage(entry));
    const client = blockMs > 0 ? await this.blockingClient() : this.redis;
    const fresh = await readNew(client, this.stream, GROUP, consumer, count, blockMs);
    return fresh.map((entry) => this.toMessage(entry));
  }

  private toMessage({ id, fields, deliveries }: DeliveredEntry): QueueMessage<T> {
    const bodyIndex = fields.indexOf('body');
    return { id, body: JSON.parse(fields[bodyIndex + 1]) as T, deliveries };
  }

  async recover(consumer: string, count: number): Promise<QueueMessage<T>[]> {
    await this.ensureGroup();
    const entries = await recoverOwn(this.redis, this.stream, GROUP, consumer, count);
    return entries.map((entry) => this.toMessage(entry));
  }

  async extend(consumer: string, ids: readonly string[]): Promise<void> {
    await keepClaimed(this.redis, this.stream, GROUP, consumer, ids);
  }

  async release(consumer: string, ids: readonly string[]): Promise<void> {
    await handBack(this.redis, this.stream, GROUP, consumer, ids);
  }

  /**
   * Acks arriving in the same tick share one round trip: a busy worker finishes many jobs
   * at once, and one MULTI per job was a third of its Redis commands. Each caller still
   * waits for (and sees the failure of) the write that carries its ID.
   */
  ack(id: string): Promise<void> {
    if (!this.acks) {
      const ids: string[] = [];
      const sent = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        // Later acks start a batch of their own.
        if (this.acks?.ids === ids) this.acks = undefined;
        await this.redis.multi(this.stream).xAck(this.stream, GROUP, ids).xDel(this.stream, ids).exec();
      });
      this.acks = { ids, sent };
    }
    this.acks.ids.push(id);
    return this.acks.sent;
  }

  async pending(): Promise<number> {
    await this.ensureGroup();
    const reply = (await this.redis.send(this.stream, ['XPENDING', this.stream, GROUP])) as [
      number,
      ...unknown[],
    ];
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
