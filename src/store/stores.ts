/**
 * The store set: every stateful part of the bot, built in memory or in Redis. This is the
 * only place that chooses between the two (openStores); everything else takes a Stores
 * and never asks which kind it got, except to describe it.
 */
import type { CampaignStore } from '../campaigns/campaign-store';
import { MemoryCampaignStore } from '../campaigns/memory-campaign-store';
import { RedisCampaignStore } from '../campaigns/redis-campaign-store';
import { MemoryOutbox } from '../events/outbox/memory-outbox';
import type { Outbox } from '../events/outbox/outbox';
import { RedisOutbox } from '../events/outbox/redis-outbox';
import { createMailFloods, type MailFloods } from '../hunting/mail-floods';
import { createKeyValueRemoteToolAlerts, type RemoteToolAlerts } from '../hunting/remote-tool-alerts';
import type { Logger } from '../log/logger';
import type { FirstContactLog } from '../reports/first-contact-log';
import { MemoryFirstContactLog } from '../reports/memory-first-contact-log';
import { MemoryReportStore } from '../reports/memory-report-store';
import { RedisFirstContactLog } from '../reports/redis-first-contact-log';
import { RedisReportStore } from '../reports/redis-report-store';
import type { ReportStore } from '../reports/report-store';
import { MemorySenderListStore } from '../verdicts/memory-sender-list-store';
import { RedisSenderListStore } from '../verdicts/redis-sender-list-store';
import type { SenderListStore } from '../verdicts/sender-list-store';
import { MemoryVerificationStore } from '../verification/memory-verification-store';
import { RedisVerificationStore } from '../verification/redis-verification-store';
import type { VerificationStore } from '../verification/verification-store';
import {
  MemoryConversationRefStore,
  MemoryFencedStore,
  MemoryKeyValueStore,
  MemoryWindowCounter,
  MemoryWorkQueue,
} from './memory';
import type {
  ConversationRefStore,
  DedupeStore,
  FencedStore,
  KeyValueStore,
  RateLimiter,
  ScheduledJobs,
  WindowCounter,
  WorkQueue,
} from './ports';
import { MemoryRateLimiter, RedisRateLimiter } from './rate-limiter';
import {
  connectRedis,
  RedisConversationRefStore,
  RedisKeyValueStore,
  RedisWindowCounter,
  RedisWorkQueue,
  type RedisConnection,
} from './redis';
import { RedisFencedStore } from './redis-fenced';
import { migrateToHashTags } from './redis-key-migration';
import { RedisScheduledJobs } from './redis-scheduled-jobs';
import { MemoryScheduledJobs } from './scheduled-jobs';
import { KeyValueTurnStateStore, type TurnStateStore } from './turn-state-store';

/** Everything stateful, built once in the composition root. */
export interface Stores {
  kind: 'memory' | 'redis';
  conversations: ConversationRefStore;
  kv: KeyValueStore;
  dedupe: DedupeStore;
  /** The singletons' own state, fenced by their lease tokens (src/store/fenced.ts). */
  fenced: FencedStore;
  windows: WindowCounter;
  rateLimiter: RateLimiter;
  /** Who was warned about which chat, and what they did with it. */
  firstContacts: FirstContactLog;
  reports: ReportStore;
  /** Campaigns as the security team's card shows them: targets, their states, the decision. */
  campaigns: CampaignStore;
  /** The security team's block and allow lists of senders, tenants and domains. */
  senderLists: SenderListStore;
  verification: VerificationStore;
  /** teams-ai turn state (conversation and user state of each turn). */
  turnState: TurnStateStore;
  /** Remote tools Defender saw after a warning, and the users' answers. */
  remoteToolAlerts: RemoteToolAlerts;
  /** Users whose mailbox was just flooded (the pre-warning, and context for first contacts). */
  mailFloods: MailFloods;
  /** The durable work queue called `name`; the same name gives the same queue. */
  queue<T>(name: string): WorkQueue<T>;
  /** The jobs called `name` that fall due later (nudges after a warning). */
  scheduled<T>(name: string): ScheduledJobs<T>;
  /**
   * The event outbox feeding `sinks`; `claimIdleMs` is how long an event may stay with a
   * replica that took it before another one delivers it. One per event pipeline.
   */
  outbox(sinks: readonly string[], claimIdleMs: number): Outbox;
  /** Resolves when the backing store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How long readiness waits for Redis to answer PING. */
const PING_TIMEOUT_MS = 1_000;

/** While Redis is unreachable at start-up, one log line per this many attempts (about 30 s). */
const REDIS_RETRY_LOG_EVERY = 15;

/** All stores in memory: one process only; state is lost on restart (see MemoryKeyValueStore). */
export const createMemoryStores = (): Stores => {
  const kv = new MemoryKeyValueStore();
  const queues = new Map<string, MemoryWorkQueue<unknown>>();
  const scheduled = new Map<string, MemoryScheduledJobs<unknown>>();
  return {
    kind: 'memory',
    conversations: new MemoryConversationRefStore(),
    kv,
    dedupe: kv,
    fenced: new MemoryFencedStore(),
    windows: new MemoryWindowCounter(),
    rateLimiter: new MemoryRateLimiter(),
    firstContacts: new MemoryFirstContactLog(),
    reports: new MemoryReportStore(),
    campaigns: new MemoryCampaignStore(),
    senderLists: new MemorySenderListStore(),
    verification: new MemoryVerificationStore(),
    turnState: new KeyValueTurnStateStore(kv),
    remoteToolAlerts: createKeyValueRemoteToolAlerts(kv),
    mailFloods: createMailFloods(kv),
    queue<T>(name: string): WorkQueue<T> {
      const queue = queues.get(name) ?? new MemoryWorkQueue<unknown>();
      queues.set(name, queue);
      return queue as WorkQueue<T>;
    },
    scheduled<T>(name: string): ScheduledJobs<T> {
      const jobs = scheduled.get(name) ?? new MemoryScheduledJobs<unknown>();
      scheduled.set(name, jobs);
      return jobs as ScheduledJobs<T>;
    },
    outbox: (sinks) => new MemoryOutbox(sinks),
    ping: async () => undefined,
    close: async () => undefined,
  };
};

/**
 * PING (every master of a cluster) with a deadline: while reconnecting, commands wait in
 * the offline queue, and readiness must answer now.
 */
const pingWithin = async (redis: RedisConnection, timeoutMs: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer PING within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** How the Redis stores behave; the defaults suit most deployments. */
export interface RedisStoreOptions {
  /** A queue item unextended this long (its replica died) goes to another replica: 10 s by default. */
  queueClaimIdleMs?: number;
}

/**
 * All stores in Redis (one server, a Cluster or a Sentinel set): shared by every replica.
 * The stores own `redis` and close it.
 */
export const createRedisStores = (redis: RedisConnection, options: RedisStoreOptions = {}): Stores => {
  const kv = new RedisKeyValueStore(redis);
  const queues = new Map<string, RedisWorkQueue<unknown>>();
  return {
    kind: 'redis',
    conversations: new RedisConversationRefStore(redis),
    kv,
    dedupe: kv,
    fenced: new RedisFencedStore(redis),
    windows: new RedisWindowCounter(redis),
    rateLimiter: new RedisRateLimiter(redis),
    firstContacts: new RedisFirstContactLog(redis),
    reports: new RedisReportStore(redis),
    campaigns: new RedisCampaignStore(redis),
    senderLists: new RedisSenderListStore(redis),
    verification: new RedisVerificationStore(redis),
    turnState: new KeyValueTurnStateStore(kv),
    remoteToolAlerts: createKeyValueRemoteToolAlerts(kv),
    mailFloods: createMailFloods(kv),
    queue<T>(name: string): WorkQueue<T> {
      const queue = queues.get(name) ?? new RedisWorkQueue<unknown>(redis, name, options.queueClaimIdleMs);
      queues.set(name, queue);
      return queue as WorkQueue<T>;
    },
    scheduled: <T>(name: string): ScheduledJobs<T> => new RedisScheduledJobs<T>(redis, name),
    outbox: (sinks, claimIdleMs) => new RedisOutbox(redis, sinks, claimIdleMs),
    ping: () => pingWithin(redis, PING_TIMEOUT_MS),
    close: async () => {
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      redis.destroy();
    },
  };
};

/**
 * The one choice between memory and Redis: Redis when `redisUrl` is set (start-up waits
 * for it, saying so now and then instead of hanging in silence), memory otherwise. The
 * Redis connection made here is the only one of the process (STYLE.md). Keys an earlier
 * version wrote get their hash-tagged names before any store uses them.
 */
export const openStores = async (
  redisUrl: string | undefined,
  log: Logger,
  options: RedisStoreOptions = {},
): Promise<Stores> => {
  if (!redisUrl) return createMemoryStores();
  const redis = await connectRedis(redisUrl, {
    onRetry: (attempt, error) => {
      if (attempt === 1 || attempt % REDIS_RETRY_LOG_EVERY === 0)
        log.warn({ attempt, error: error.message }, 'Redis is unreachable; retrying');
    },
  });
  try {
    await migrateToHashTags(redis, log);
  } catch (err) {
    redis.destroy();
    throw err;
  }
  return createRedisStores(redis, options);
};
