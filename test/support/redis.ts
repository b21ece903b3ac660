/**
 * Redis for tests, of each kind a store must work on:
 *
 *   connectTestRedis()        the private test redis-server (test/setup/global-setup.ts), on a
 *                             database of this jest worker's own, emptied first
 *   redisKindsUnderTest()     call at the top of a contract suite: [standalone, cluster], each
 *                             with connect() (a fresh connection to an empty Redis) and
 *                             shared() (the suite's one connection); the cluster is the
 *                             suite's own (test/support/redis-cluster.ts), started at once in
 *                             the background and stopped after the suite
 *
 * Both give a TestRedis: the RedisConnection the stores take, plus what tests need besides
 * (emptying it, listing keys), on every master of a cluster.
 */
import { KEY_PREFIX } from '../../src/store/keys';
import { connectRedis, type RedisConnection } from '../../src/store/redis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster';

export type TestRedis = RedisConnection & {
  /** Deletes every key (this worker's database; every master of a cluster). */
  flushDb(): Promise<void>;
  /** Every key matching the SCAN pattern, on every master. */
  keys(pattern: string): Promise<string[]>;
  /** destroy(), awaitable. */
  quit(): Promise<void>;
};

export const testRedisUrl = (): string => {
  const port = process.env.HG_TEST_REDIS_PORT;
  if (!port) throw new Error('HG_TEST_REDIS_PORT is not set: run the tests through jest (global setup)');
  const db = Number(process.env.JEST_WORKER_ID ?? '1') % 64;
  return `redis://127.0.0.1:${port}/${db}`;
};

const withTestHelpers = (connection: RedisConnection, flush: () => Promise<void>): TestRedis =>
  Object.assign(connection, {
    flushDb: flush,
    keys: async (pattern: string) => {
      const keys: string[] = [];
      for await (const key of connection.scan(pattern)) keys.push(key);
      return keys;
    },
    quit: async () => connection.destroy(),
  });

/** A connected client on this worker's database, emptied first. */
export const connectTestRedis = async (): Promise<TestRedis> => {
  const connection = await connectRedis(testRedisUrl());
  // One server: the routing key goes unused, FLUSHDB empties this worker's database only.
  const redis = withTestHelpers(connection, async () => {
    await connection.send(KEY_PREFIX, ['FLUSHDB']);
  });
  await redis.flushDb();
  return redis;
};

export interface RedisKindUnderTest {
  name: 'standalone' | 'cluster';
  /** A new connection to an empty Redis of this kind; the test closes it (leftovers close after the suite). */
  connect(): Promise<TestRedis>;
  /** One connection of this kind for the whole suite (made, and the Redis emptied, on first use); closed after it. */
  shared(): Promise<TestRedis>;
}

/**
 * The Redis kinds a contract suite runs against. Registers the afterAll that stops the
 * suite's cluster, so call it at the top level of the test file (or of a describe).
 */
export const redisKindsUnderTest = (): RedisKindUnderTest[] => {
  const opened: RedisConnection[] = [];
  const cluster: Promise<TestRedisCluster> = startRedisCluster();
  // Awaited by connect() or afterAll; this keeps a failed start from being "unhandled" meanwhile.
  cluster.catch(() => undefined);
  afterAll(async () => {
    for (const connection of opened) connection.destroy();
    await (await cluster).stop();
  });
  const track = (redis: TestRedis): TestRedis => {
    opened.push(redis);
    return redis;
  };
  const kind = (name: RedisKindUnderTest['name'], connect: () => Promise<TestRedis>): RedisKindUnderTest => {
    let shared: Promise<TestRedis> | undefined;
    return { name, connect, shared: () => (shared ??= connect()) };
  };
  return [
    kind('standalone', async () => track(await connectTestRedis())),
    kind('cluster', async () => {
      const running = await cluster;
      await running.flushAll();
      return track(withTestHelpers(await connectRedis(running.url), running.flushAll));
    }),
  ];
};
