import type { StoredConversationReference } from '../../../src/store/ports';
import { createMemoryStores, createRedisStores, type Stores } from '../../../src/store/stores';
import { redisKindsUnderTest } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const dummyUser = {
  tenantId: '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f',
  aadObjectId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
};
const dummyReference: StoredConversationReference = {
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversation: { id: 'a:1Zq3', conversationType: 'personal', tenantId: dummyUser.tenantId },
  user: { id: '29:1a2b', aadObjectId: dummyUser.aadObjectId },
  bot: { id: '28:6e5d', name: 'Helpdesk Guard' },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redisKinds = redisKindsUnderTest();

/**
 * One contract, run against memory and Redis (STYLE.md: ports with two implementations),
 * Redis as one server and as a Cluster, where every script and transaction must keep to
 * one slot.
 */
describe.each([
  { kind: 'memory', make: async () => createMemoryStores() },
  ...redisKinds.map(({ name, connect }) => ({
    kind: `redis (${name})`,
    make: async () => createRedisStores(await connect()),
  })),
])('$kind stores', ({ make }: { make: () => Promise<Stores> }) => {
  let stores: Stores;

  beforeEach(async () => {
    stores = await make();
  });

  afterEach(async () => {
    await stores.close();
  });

  describe('conversations', () => {
    it('stores and returns a reference by tenant and object ID', async () => {
      await stores.conversations.set(dummyUser, dummyReference);

      const record = await stores.conversations.get(dummyUser);
      expect(record?.reference).toEqual(dummyReference);
      expect(record?.staleSince).toBeUndefined();
    });

    it('returns undefined for an unknown user', async () => {
      expect(await stores.conversations.get({ ...dummyUser, aadObjectId: 'nobody' })).toBeUndefined();
    });

    it('marks a reference stale and clears the mark on the next set', async () => {
      await stores.conversations.set(dummyUser, dummyReference);
      await stores.conversations.markStale(dummyUser, 'blocked (403)');
      expect((await stores.conversations.get(dummyUser))?.staleReason).toBe('blocked (403)');

      await stores.conversations.set(dummyUser, dummyReference);
      expect((await stores.conversations.get(dummyUser))?.staleSince).toBeUndefined();
    });

    it('does not create a record when marking an unknown user stale', async () => {
      await stores.conversations.markStale(dummyUser, 'blocked');

      expect(await stores.conversations.get(dummyUser)).toBeUndefined();
    });

    it('deletes a reference', async () => {
      await stores.conversations.set(dummyUser, dummyReference);
      await stores.conversations.delete(dummyUser);

      expect(await stores.conversations.get(dummyUser)).toBeUndefined();
    });
  });

  describe('key-value', () => {
    it('round-trips JSON and isolates callers from stored state', async () => {
      const value = { a: [1, 2], b: { c: 'x' } };
      await stores.kv.set('k', value);
      value.a.push(3);

      expect(await stores.kv.get('k')).toEqual({ a: [1, 2], b: { c: 'x' } });
    });

    it('expires values after their TTL', async () => {
      await stores.kv.set('short', 1, 50);
      await sleep(120);

      expect(await stores.kv.get('short')).toBeUndefined();
    });

    it('increments atomically under concurrency', async () => {
      const results = await Promise.all(Array.from({ length: 25 }, () => stores.kv.increment('counter')));

      expect(new Set(results).size).toBe(25);
      expect(Math.max(...results)).toBe(25);
    });
  });

  describe('dedupe', () => {
    it('lets exactly one of many concurrent claims win', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => stores.dedupe.claim('thread:user', 60_000)),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('lets the owner of a claim resume it, and nobody else', async () => {
      expect(await stores.dedupe.claim('job', 60_000, 'msg-1')).toBe(true);

      expect(await stores.dedupe.claim('job', 60_000, 'msg-1')).toBe(true);
      expect(await stores.dedupe.claim('job', 60_000, 'msg-2')).toBe(false);
    });

    it('frees a claim after its TTL and on release', async () => {
      await stores.dedupe.claim('a', 50);
      await stores.dedupe.claim('b', 60_000);
      await sleep(120);
      await stores.dedupe.release('b');

      expect(await stores.dedupe.claim('a', 60_000)).toBe(true);
      expect(await stores.dedupe.claim('b', 60_000)).toBe(true);
    });
  });

  describe('windows', () => {
    it('counts distinct members inside the window only', async () => {
      const now = Date.now();
      await stores.windows.add('tenant:x', 'u1', 60_000, now - 120_000);
      await stores.windows.add('tenant:x', 'u2', 60_000, now - 1_000);
      await stores.windows.add('tenant:x', 'u2', 60_000, now - 500);
      const count = await stores.windows.add('tenant:x', 'u3', 60_000, now);

      expect(count).toBe(2);
      expect((await stores.windows.members('tenant:x', 60_000, now)).sort()).toEqual(['u2', 'u3']);
    });
  });

  describe('queue', () => {
    it('hands out items in order and forgets acked ones', async () => {
      const queue = stores.queue<{ n: number }>('contract');
      await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 });

      const batch = await queue.receive('worker-1', 10, 0);
      expect(batch.map((message) => message.body.n)).toEqual([1, 2]);
      expect(batch[0].deliveries).toBe(1);
      await Promise.all(batch.map((message) => queue.ack(message.id)));

      expect(await queue.pending()).toBe(0);
      expect(await queue.receive('worker-1', 10, 0)).toEqual([]);
    });

    it('wakes a blocked receiver when an item arrives', async () => {
      const queue = stores.queue<{ n: number }>('blocking');
      const received = queue.receive('worker-1', 1, 2_000);
      await sleep(50);
      await queue.enqueue({ n: 7 });

      expect((await received).map((message) => message.body)).toEqual([{ n: 7 }]);
    });

    it('answers other commands while a receiver is blocked', async () => {
      const queue = stores.queue<{ n: number }>('blocking');
      await stores.kv.set('k', 1);
      const received = queue.receive('worker-1', 1, 3_000);
      await sleep(50);

      // A blocked XREADGROUP on the shared connection would hold these for the 3 s.
      const started = Date.now();
      expect(await stores.kv.get('k')).toBe(1);
      await stores.ping();
      expect(Date.now() - started).toBeLessThan(1_000);
      await queue.enqueue({ n: 8 });
      expect((await received).map((message) => message.body)).toEqual([{ n: 8 }]);
    });
  });

  describe('turn state', () => {
    it('returns what was written, with a new eTag', async () => {
      await stores.turnState.write({ 'conv/user': { count: 1 } });

      const { 'conv/user': item } = (await stores.turnState.read(['conv/user', 'absent'])) as Record<
        string,
        { count: number; eTag: string }
      >;
      expect(item.count).toBe(1);
      expect(typeof item.eTag).toBe('string');
      expect(await stores.turnState.read(['absent'])).toEqual({});
    });

    it('refuses a write based on a stale eTag, and accepts one on the current eTag', async () => {
      await stores.turnState.write({ key: { n: 1 } });
      const first = (await stores.turnState.read(['key'])).key as { eTag: string };
      await stores.turnState.write({ key: { n: 2, eTag: first.eTag } });

      await expect(stores.turnState.write({ key: { n: 3, eTag: first.eTag } })).rejects.toThrow(
        /eTag conflict/,
      );
      expect(((await stores.turnState.read(['key'])).key as { n: number }).n).toBe(2);
      await stores.turnState.write({ key: { n: 4, eTag: '*' } });
      expect(((await stores.turnState.read(['key'])).key as { n: number }).n).toBe(4);
    });

    it('forgets deleted keys', async () => {
      await stores.turnState.write({ key: { n: 1 } });
      await stores.turnState.delete(['key']);

      expect(await stores.turnState.read(['key'])).toEqual({});
    });
  });

  describe('outbox', () => {
    it('is of the same kind as the stores and hands an appended event to each sink', async () => {
      const outbox = stores.outbox(['a', 'b'], 60_000);
      expect(outbox.kind).toBe(stores.kind);
      await outbox.append(dummyEvents(1)[0]);

      expect((await outbox.backlog('a')).lag).toBe(1);
      expect((await outbox.backlog('b')).lag).toBe(1);
      await outbox.close();
    });
  });
});
