import { createMemoryStores, createRedisStores } from '../../../src/store/stores';
import type { SenderListStore } from '../../../src/verdicts';
import { redisKindsUnderTest } from '../../support/redis';
import { dummyAttackerUpn, dummyEntry, dummyNow } from '../../unit/src/verdicts/dummy-entries';

const DAY = 24 * 60 * 60_000;
const sender = { kind: 'sender' as const, value: dummyAttackerUpn };
const domain = { kind: 'domain' as const, value: 'helpdesk-fabrikam.onmicrosoft.com' };

const redisKinds = redisKindsUnderTest();

/**
 * One contract, run against memory and Redis (STYLE.md: ports with two implementations),
 * each as the store set builds it, Redis as one server and as a Cluster. The Redis store
 * set is not closed: the connection is this file's.
 */
describe.each([
  { kind: 'memory', make: async (): Promise<SenderListStore> => createMemoryStores().senderLists },
  ...redisKinds.map(({ name, shared }) => ({
    kind: `redis (${name})`,
    make: async (): Promise<SenderListStore> => {
      const connection = await shared();
      await connection.flushDb();
      return createRedisStores(connection).senderLists;
    },
  })),
])('SenderListStore contract: $kind', ({ make }) => {
  let store: SenderListStore;

  beforeEach(async () => {
    store = await make();
  });

  it('stores an entry and returns it by its key, as it was put', async () => {
    const entry = dummyEntry();

    expect(await store.put(entry)).toEqual({ ok: true });

    expect(await store.get([{ kind: 'tenant', value: entry.value }], dummyNow)).toEqual([entry]);
  });

  it('returns the live entries of several keys in the order of the keys, leaving out missing ones', async () => {
    const tenant = dummyEntry();
    const upn = dummyEntry({ kind: 'sender', value: dummyAttackerUpn });
    await store.put(tenant);
    await store.put(upn);

    const found = await store.get([sender, { kind: 'tenant', value: tenant.value }, domain], dummyNow);

    expect(found).toEqual([upn, tenant]);
  });

  it('keeps one entry per key: a put on the other list replaces it and returns the one replaced', async () => {
    const blocked = dummyEntry({ kind: 'sender', value: dummyAttackerUpn });
    await store.put(blocked);
    const allowed = dummyEntry({
      ...sender,
      list: 'allow',
      addedAt: dummyNow + 1_000,
      campaignId: undefined,
    });

    const result = await store.put(allowed);

    expect(result).toEqual({ ok: true, previous: blocked });
    expect(await store.get([sender], dummyNow)).toEqual([allowed]);
    expect((await store.list('block', dummyNow, 10)).entries).toEqual([]);
    expect((await store.list('allow', dummyNow, 10)).entries).toEqual([allowed]);
  });

  it('lists one list newest first, at most `limit`, with the total', async () => {
    const entries = [0, 1, 2].map((i) =>
      dummyEntry({ kind: 'domain', value: `attacker-${i}.example`, addedAt: dummyNow + i * 1_000 }),
    );
    for (const entry of entries) await store.put(entry);
    await store.put(dummyEntry({ list: 'allow', kind: 'domain', value: 'partner.example' }));

    const listed = await store.list('block', dummyNow + 5_000, 2);

    expect(listed).toEqual({ entries: [entries[2], entries[1]], total: 3 });
  });

  it('removes an entry only from its own list and returns it', async () => {
    const entry = dummyEntry();
    const key = { kind: entry.kind, value: entry.value };
    await store.put(entry);

    expect(await store.remove(key, 'allow')).toBeUndefined();
    expect(await store.remove(key, 'block')).toEqual(entry);
    expect(await store.get([key], dummyNow)).toEqual([]);
    expect(await store.list('block', dummyNow, 10)).toEqual({ entries: [], total: 0 });
    expect(await store.remove(key, 'block')).toBeUndefined();
  });

  describe('expiry', () => {
    const expiring = dummyEntry({ ...sender, expiresAt: dummyNow + DAY });

    it('returns an entry until its expiry and never from then on', async () => {
      await store.put(expiring);

      expect(await store.get([sender], dummyNow + DAY - 1)).toEqual([expiring]);
      expect(await store.get([sender], dummyNow + DAY)).toEqual([]);
      expect((await store.list('block', dummyNow + DAY, 10)).entries).toEqual([]);
    });

    it('sweeps each expired entry once, and leaves live ones', async () => {
      const lasting = dummyEntry();
      await store.put(expiring);
      await store.put(lasting);

      expect(await store.sweep(dummyNow + DAY - 1, 10)).toEqual([]);
      expect(await store.sweep(dummyNow + DAY, 10)).toEqual([expiring]);
      expect(await store.sweep(dummyNow + DAY, 10)).toEqual([]);
      expect(await store.list('block', dummyNow + DAY, 10)).toEqual({ entries: [lasting], total: 1 });
    });

    it('hands an expired entry to exactly one of several simultaneous sweeps', async () => {
      await store.put(expiring);

      const swept = await Promise.all([1, 2, 3, 4].map(() => store.sweep(dummyNow + DAY, 10)));

      expect(swept.flat()).toEqual([expiring]);
    });

    it('forgets the expiry of an entry replaced by one without', async () => {
      await store.put(expiring);
      const lasting = dummyEntry({ ...sender, addedAt: dummyNow + 1 });
      await store.put(lasting);

      expect(await store.sweep(dummyNow + 2 * DAY, 10)).toEqual([]);
      expect(await store.get([sender], dummyNow + 2 * DAY)).toEqual([lasting]);
    });

    it('sweeps at most `limit` entries at a time, earliest expiry first', async () => {
      const entries = [3, 1, 2].map((days) =>
        dummyEntry({ kind: 'domain', value: `d${days}.example`, expiresAt: dummyNow + days * DAY }),
      );
      for (const entry of entries) await store.put(entry);

      expect(await store.sweep(dummyNow + 5 * DAY, 2)).toEqual([entries[1], entries[2]]);
      expect(await store.sweep(dummyNow + 5 * DAY, 2)).toEqual([entries[0]]);
    });
  });

  it('refuses a new key once it holds `capacity` entries, and still replaces an existing one', async () => {
    await store.put(dummyEntry({ kind: 'domain', value: 'one.example' }), 2);
    await store.put(dummyEntry({ kind: 'domain', value: 'two.example' }), 2);

    expect(await store.put(dummyEntry({ kind: 'domain', value: 'three.example' }), 2)).toEqual({
      ok: false,
      reason: 'full',
    });
    expect(
      await store.put(dummyEntry({ list: 'allow', kind: 'domain', value: 'two.example' }), 2),
    ).toMatchObject({ ok: true, previous: { list: 'block' } });
  });

  it('keeps simultaneous puts of different keys all', async () => {
    const entries = Array.from({ length: 20 }, (_, i) =>
      dummyEntry({ kind: 'domain', value: `n${i}.example`, addedAt: dummyNow + i }),
    );

    await Promise.all(entries.map((entry) => store.put(entry)));

    expect((await store.list('block', dummyNow, 50)).total).toBe(20);
  });
});
