import { createMemoryStores, createRedisStores, type Stores } from '../../../src/store/stores';
import { redisKindsUnderTest } from '../../support/redis';

interface Body {
  user: string;
}

/** One contract for memory and Redis (one server and a Cluster: the keys share one slot). */
describe.each([
  { kind: 'memory', make: async () => createMemoryStores() },
  ...redisKindsUnderTest().map(({ name, connect }) => ({
    kind: `redis (${name})`,
    make: async () => createRedisStores(await connect()),
  })),
])('$kind scheduled jobs', ({ make }: { make: () => Promise<Stores> }) => {
  let stores: Stores;

  beforeEach(async () => {
    stores = await make();
  });

  afterEach(async () => {
    await stores.close();
  });

  it('hands out only what is due, earliest first, until done', async () => {
    const jobs = stores.scheduled<Body>(`nudges-${Math.random()}`);
    await jobs.schedule('late', 3_000, { user: 'c' });
    await jobs.schedule('early', 1_000, { user: 'a' });
    await jobs.schedule('middle', 2_000, { user: 'b' });
    expect(await jobs.due(999, 10)).toEqual([]);
    expect(await jobs.due(2_000, 10)).toEqual([
      { id: 'early', dueAt: 1_000, body: { user: 'a' } },
      { id: 'middle', dueAt: 2_000, body: { user: 'b' } },
    ]);
    expect((await jobs.due(5_000, 1)).map((job) => job.id)).toEqual(['early']);
    // Still there until done(): a replica that died holding it leaves it for the next.
    expect((await jobs.due(1_000, 10)).map((job) => job.id)).toEqual(['early']);
    await jobs.done('early', 1_000);
    expect((await jobs.due(5_000, 10)).map((job) => job.id)).toEqual(['middle', 'late']);
  });

  it('replaces a job of the same ID, and done() of the old time leaves the new one', async () => {
    const jobs = stores.scheduled<Body>(`nudges-${Math.random()}`);
    await jobs.schedule('u1', 1_000, { user: 'first' });
    const [old] = await jobs.due(1_000, 10);
    await jobs.schedule('u1', 4_000, { user: 'second' });
    await jobs.done('u1', old?.dueAt ?? 0);
    expect(await jobs.due(1_000, 10)).toEqual([]);
    expect(await jobs.due(4_000, 10)).toEqual([{ id: 'u1', dueAt: 4_000, body: { user: 'second' } }]);
  });

  it('cancels, saying whether there was a job', async () => {
    const jobs = stores.scheduled<Body>(`nudges-${Math.random()}`);
    await jobs.schedule('u1', 1_000, { user: 'a' });
    expect(await jobs.cancel('u1')).toBe(true);
    expect(await jobs.cancel('u1')).toBe(false);
    expect(await jobs.due(10_000, 10)).toEqual([]);
  });

  it('keeps queues of different names apart, and a realistic due time exactly', async () => {
    const at = Date.parse('2026-12-08T09:15:00.123Z');
    const nudges = stores.scheduled<Body>(`a-${Math.random()}`);
    const others = stores.scheduled<Body>(`b-${Math.random()}`);
    await nudges.schedule('u1', at, { user: 'a' });
    expect(await others.due(at, 10)).toEqual([]);
    const [job] = await nudges.due(at, 10);
    expect(job?.dueAt).toBe(at);
    await nudges.done('u1', at);
    expect(await nudges.due(at, 10)).toEqual([]);
  });
});
