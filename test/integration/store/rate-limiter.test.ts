import {
  MemoryRateLimiter,
  RedisRateLimiter,
  reserveAll,
  type RateLimiter,
} from '../../../src/store/rate-limiter';
import type { RedisClient } from '../../../src/store/redis';
import { connectTestRedis } from '../../support/redis';

describe('rate limiter', () => {
  let redis: RedisClient;

  beforeAll(async () => {
    redis = await connectTestRedis();
  });

  afterAll(() => {
    redis.destroy();
  });

  describe.each([
    ['memory', () => new MemoryRateLimiter()],
    ['redis', () => new RedisRateLimiter(redis)],
  ])('%s', (_kind, make: () => RateLimiter) => {
    it('spaces reservations one interval apart, never closer', async () => {
      const limiter = make();
      const key = `pace-${Math.random()}`;

      const waits = await Promise.all(Array.from({ length: 10 }, () => limiter.reserve(key, 100)));

      const sorted = [...waits].sort((a, b) => a - b);
      expect(sorted[0]).toBeLessThanOrEqual(5);
      for (let i = 1; i < sorted.length; i += 1) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(99);
    });

    it('caps sends at the limit in any sliding window, and frees a place when the oldest leaves', async () => {
      const limiter = make();
      const key = `cap-${Math.random()}`;

      const taken = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire(key, 5, 300)));
      const refused = await limiter.acquire(key, 5, 300);

      expect(taken).toEqual([0, 0, 0, 0, 0]);
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThanOrEqual(300);
      await new Promise((resolve) => setTimeout(resolve, refused + 20));
      expect(await limiter.acquire(key, 5, 300)).toBe(0);
    });

    it('keeps keys independent', async () => {
      const limiter = make();

      await limiter.reserve(`a-${Math.random()}`, 10_000);
      expect(await limiter.reserve(`b-${Math.random()}`, 10_000)).toBeLessThanOrEqual(5);
    });
  });

  it('shares one pace between replicas through Redis', async () => {
    const key = `shared-${Math.random()}`;
    const replicaA = new RedisRateLimiter(redis);
    const replicaB = new RedisRateLimiter(redis);

    await replicaA.reserve(key, 1_000);
    expect(await replicaB.reserve(key, 1_000)).toBeGreaterThan(900);
  });

  it('reserveAll waits for the slowest key', async () => {
    const limiter = new MemoryRateLimiter();
    await limiter.reserve('slow', 500);

    expect(
      await reserveAll(limiter, [
        { key: 'slow', intervalMs: 500 },
        { key: 'fast', intervalMs: 1 },
      ]),
    ).toBeGreaterThan(400);
  });
});
