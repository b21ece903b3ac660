import { startPrivateRedis } from '../../support/redis-server';

/**
 * Runs `work` against a private redis-server on a free port (never the machine's 6379),
 * with a data folder of its own; the server is stopped and the folder removed afterwards.
 */
export const withPrivateRedis = async <T>(work: (url: string) => Promise<T>): Promise<T> => {
  const redis = await startPrivateRedis();
  try {
    return await work(redis.url);
  } finally {
    await redis.stop();
  }
};
