import type { RateLimiter } from '../../../src/store/ports';
import {
  MemoryRateLimiter,
  PLACE_LEASE_MS,
  RedisRateLimiter,
  reserveAll,
} from '../../../src/store/rate-limiter';
import { redisKindsUnderTest } from '../../support/redis';

const redisKinds = redisKindsUnderTest();

describe('rate limiter', () => {
  describe.each([
    { kind: 'memory', make: async (): Promise<RateLimiter> => new MemoryRateLimiter() },
    // Keys are random per test: one connection of each kind serves the suite.
    ...redisKinds.map(({ name, shared }) => ({
      kind: `redis (${name})`,
      make: async (): Promise<RateLimiter> => new RedisRateLimiter(await shared()),
    })),
  ])('$kind', ({ make }) => {
    it('spaces reservations one interval apart, never closer', async () => {
      const limiter = await make();
      const key = `pace-${Math.random()}`;

      const started = Date.now();
      const waits = await Promise.all(Array.from({ length: 10 }, () => limiter.reserve(key, 100)));
      // Each wait is counted from its own call's clock; the calls spread over `elapsed` (a
      // loaded machine), so two slots 100 ms apart can show waits up to that much closer.
      const elapsed = Date.now() - started;

      const sorted = [...waits].sort((a, b) => a - b);
      expect(sorted[0]).toBeLessThanOrEqual(5 + elapsed);
      for (let i = 1; i < sorted.length; i += 1)
        expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(99 - elapsed);
      // Ten slots one interval apart: the last is nine intervals after the first.
      expect(sorted[9] - sorted[0]).toBeGreaterThanOrEqual(900 - elapsed);
    });

    it('caps places at the limit, each held from acquire until a window after it is settled', async () => {
      const limiter = await make();
      const key = `cap-${Math.random()}`;
      const places = Array.from({ length: 5 }, (_, i) => `place-${i}`);

      const taken = await Promise.all(places.map((place) => limiter.acquire(key, 5, 300, place)));
      expect(taken).toEqual([0, 0, 0, 0, 0]);
      // All five still in flight: ask again soon, and a window later they still count.
      const whileSending = await limiter.acquire(key, 5, 300, 'extra');
      expect(whileSending).toBeGreaterThan(0);
      expect(whileSending).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await limiter.acquire(key, 5, 300, 'extra')).toBeGreaterThan(0);

      // Settled, each counts for one more window from now.
      for (const place of places) await limiter.settle(key, place);
      const afterSettling = await limiter.acquire(key, 5, 300, 'extra');
      // One window (and the few milliseconds the clocks' rounding gets).
      expect(afterSettling).toBeGreaterThan(200);
      expect(afterSettling).toBeLessThanOrEqual(305);
      await new Promise((resolve) => setTimeout(resolve, afterSettling + 20));
      expect(await limiter.acquire(key, 5, 300, 'extra')).toBe(0);
    });

    it('settles only a place it holds', async () => {
      const limiter = await make();
      const key = `settle-${Math.random()}`;

      await limiter.settle(key, 'never-taken');
      expect(await limiter.acquire(key, 1, 300, 'first')).toBe(0);
      expect(await limiter.acquire(key, 1, 300, 'second')).toBeGreaterThan(0);
    });

    it('keeps keys independent', async () => {
      const limiter = await make();

      await limiter.reserve(`a-${Math.random()}`, 10_000);
      expect(await limiter.reserve(`b-${Math.random()}`, 10_000)).toBeLessThanOrEqual(5);
    });
  });

  it('lets a place never settled (a replica gone) lapse after the lease', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    expect(await limiter.acquire('tenant', 1, 1000, 'lost')).toBe(0);
    now += PLACE_LEASE_MS;
    expect(await limiter.acquire('tenant', 1, 1000, 'next')).toBeGreaterThan(0);
    now += 1010;
    expect(await limiter.acquire('tenant', 1, 1000, 'next')).toBe(0);
  });

  it.each(redisKinds)('shares one pace between replicas through Redis ($name)', async ({ connect }) => {
    const key = `shared-${Math.random()}`;
    // Two replicas: two connections of their own.
    const [redisA, redisB] = [await connect(), await connect()];
    const replicaA = new RedisRateLimiter(redisA);
    const replicaB = new RedisRateLimiter(redisB);

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
