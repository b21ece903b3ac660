import { MemoryFencedStore } from '../../../src/store/memory';
import type { FencedStore } from '../../../src/store/ports';
import type { RedisConnection } from '../../../src/store/redis';
import { RedisFencedStore } from '../../../src/store/redis-fenced';
import { connectTestRedis } from '../../support/redis';

describe.each([
  ['memory', async () => ({ store: new MemoryFencedStore() as FencedStore, close: async () => undefined })],
  [
    'redis',
    async () => {
      const redis: RedisConnection = await connectTestRedis();
      return { store: new RedisFencedStore(redis) as FencedStore, close: async () => redis.destroy() };
    },
  ],
])('FencedStore contract (%s)', (_kind, open) => {
  let store: FencedStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await open());
  });
  afterEach(() => close());

  it('writes with the same or a higher token, and reads back what was written', async () => {
    expect(await store.get('record')).toBeUndefined();
    expect(await store.set('record', { failures: 0 }, 7)).toBe(true);
    expect(await store.set('record', { failures: 1 }, 7)).toBe(true);
    expect(await store.set('record', { failures: 2 }, 9)).toBe(true);
    expect(await store.get('record')).toEqual({ failures: 2 });
  });

  it('refuses a write with a lower token than one already written, and keeps the newer value', async () => {
    await store.set('watermark', '2026-12-03T10:00:00.000Z', 12);
    expect(await store.set('watermark', '2026-12-03T09:00:00.000Z', 11)).toBe(false);
    expect(await store.get('watermark')).toBe('2026-12-03T10:00:00.000Z');
  });

  it('fences each key on its own', async () => {
    await store.set('a', 1, 50);
    expect(await store.set('b', 2, 3)).toBe(true);
    expect(await store.get('b')).toBe(2);
  });
});
