import { connectRedis, type RedisClient } from '../../src/store/redis';

/**
 * The private test redis-server (started by test/setup/global-setup.ts), on a database
 * of this jest worker's own, so workers running in parallel never see each other's keys.
 */
export const testRedisUrl = (): string => {
  const port = process.env.HG_TEST_REDIS_PORT;
  if (!port) throw new Error('HG_TEST_REDIS_PORT is not set: run the tests through jest (global setup)');
  const db = Number(process.env.JEST_WORKER_ID ?? '1') % 64;
  return `redis://127.0.0.1:${port}/${db}`;
};

/** A connected client on this worker's database, emptied first. */
export const connectTestRedis = async (): Promise<RedisClient> => {
  const client = await connectRedis(testRedisUrl());
  await client.flushDb();
  return client;
};
