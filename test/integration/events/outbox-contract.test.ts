import { MemoryOutbox } from '../../../src/events/outbox/memory-outbox';
import type { Outbox } from '../../../src/events/outbox/outbox';
import { OUTBOX_STREAM, RedisOutbox } from '../../../src/events/outbox/redis-outbox';
import { redisKindsUnderTest, type TestRedis } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const SINKS = ['splunk', 'webhook'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One Redis of each kind for the whole suite, emptied before each test. */
const redisKinds = redisKindsUnderTest().map(({ name, shared }) => ({
  kind: `redis (${name})`,
  redis: shared,
}));

/** The same contract for every outbox. */
describe.each([
  { kind: 'memory', create: async () => new MemoryOutbox(SINKS) as Outbox },
  ...redisKinds.map(({ kind, redis }) => ({
    kind,
    create: async () => {
      const connection = await redis();
      await connection.flushDb();
      return new RedisOutbox(connection, SINKS, 60_000) as Outbox;
    },
  })),
])('$kind outbox', ({ create }) => {
  let outbox: Outbox;
  beforeEach(async () => {
    outbox = await create();
  });
  afterEach(async () => {
    await outbox.close();
  });

  it('hands every appended event to each sink, in order', async () => {
    const events = dummyEvents(5);
    for (const event of events) await outbox.append(event);

    const splunk = await outbox.read('splunk', 'c1', 10, 0);
    const webhook = await outbox.read('webhook', 'c1', 10, 0);

    expect(splunk.map((entry) => entry.event)).toEqual(events);
    expect(webhook.map((entry) => entry.event)).toEqual(events);
    expect(splunk.every((entry) => entry.deliveries === 1)).toBe(true);
  });

  it('keeps a slow sink from holding back another', async () => {
    for (const event of dummyEvents(3)) await outbox.append(event);

    await outbox.read('splunk', 'c1', 10, 0);
    const webhook = await outbox.read('webhook', 'c1', 10, 0);
    await outbox.ack(
      'webhook',
      webhook.map((entry) => entry.id),
    );

    expect(await outbox.backlog('webhook')).toEqual({ lag: 0, deadLettered: 0 });
    expect(await outbox.backlog('splunk')).toEqual({ lag: 3, deadLettered: 0 });
  });

  it('does not hand out an entry twice while it is in flight', async () => {
    for (const event of dummyEvents(2)) await outbox.append(event);

    await outbox.read('splunk', 'c1', 1, 0);
    const second = await outbox.read('splunk', 'c1', 10, 0);

    expect(second).toHaveLength(1);
  });

  it('returns an empty batch after waiting when there is nothing to read', async () => {
    expect(await outbox.read('splunk', 'c1', 10, 10)).toEqual([]);
  });

  it('wakes a waiting reader when an event is appended', async () => {
    const waiting = outbox.read('splunk', 'c1', 10, 5_000);
    const [event] = dummyEvents(1);
    await outbox.append(event);

    expect((await waiting).map((entry) => entry.event.EventId)).toEqual([event.EventId]);
  });

  it('hands released entries to another consumer at once, in their order', async () => {
    const events = dummyEvents(3);
    for (const event of events) await outbox.append(event);
    const batch = await outbox.read('splunk', 'stopping', 2, 0);

    await outbox.release(
      'splunk',
      'stopping',
      batch.map((entry) => entry.id),
    );
    // Released entries come first: they were next before, they are next again.
    const again = await outbox.read('splunk', 'other', 2, 0);

    expect(again.map((entry) => [entry.event.EventId, entry.deliveries])).toEqual([
      [events[0].EventId, 2],
      [events[1].EventId, 2],
    ]);
  });

  it('moves dead letters out of the way and replays them for that sink only', async () => {
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    const batch = await outbox.read('splunk', 'c1', 10, 0);
    await outbox.ack(
      'webhook',
      (await outbox.read('webhook', 'c1', 10, 0)).map((entry) => entry.id),
    );

    await outbox.deadLetter('splunk', batch, 'HTTP 503: Server is busy', 12);
    const letters = await outbox.deadLetters('splunk', 10);
    const replayed = await outbox.replay('splunk');

    expect(letters.map((letter) => letter)).toEqual([
      expect.objectContaining({ event: events[0], reason: 'HTTP 503: Server is busy', attempts: 12 }),
      expect.objectContaining({ event: events[1] }),
    ]);
    expect(replayed).toBe(2);
    expect((await outbox.read('splunk', 'c1', 10, 0)).map((entry) => entry.event)).toEqual(events);
    expect(await outbox.read('webhook', 'c1', 10, 0)).toEqual([]);
    expect((await outbox.backlog('splunk')).deadLettered).toBe(0);
  });

  it('replays at most the given number of dead letters', async () => {
    for (const event of dummyEvents(3)) await outbox.append(event);
    await outbox.deadLetter('splunk', await outbox.read('splunk', 'c1', 10, 0), 'down', 3);

    expect(await outbox.replay('splunk', 2)).toBe(2);
    expect((await outbox.backlog('splunk')).deadLettered).toBe(1);
  });
});

describe.each(redisKinds)('$kind outbox across replicas', ({ redis }) => {
  let connection: TestRedis;
  const opened: RedisOutbox[] = [];
  const open = (sinks: string[], claimIdleMs: number) => {
    const outbox = new RedisOutbox(connection, sinks, claimIdleMs);
    opened.push(outbox);
    return outbox;
  };
  beforeEach(async () => {
    connection = await redis();
    await connection.flushDb();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((outbox) => outbox.close()));
  });

  it('lets another replica claim entries whose consumer went silent, with a higher delivery count', async () => {
    const outbox = open(['splunk'], 1);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    await outbox.read('splunk', 'dead-replica', 10, 0);
    await sleep(5);

    const claimed = await outbox.read('splunk', 'live-replica', 10, 0);

    expect(claimed.map((entry) => entry.event)).toEqual(events);
    expect(claimed.map((entry) => entry.deliveries)).toEqual([2, 2]);
  });

  it('keeps entries a worker is still retrying from being claimed (touch); an untouched one is taken', async () => {
    const outbox = open(['splunk'], 400);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    const [kept, abandoned] = await outbox.read('splunk', 'busy-replica', 10, 0);
    for (let beat = 0; beat < 5; beat += 1) {
      await sleep(100);
      await outbox.touch('splunk', 'busy-replica', [kept.id]);
    }

    const claimed = await outbox.read('splunk', 'other-replica', 10, 0);

    expect(claimed.map((entry) => [entry.id, entry.deliveries])).toEqual([[abandoned.id, 2]]);
  });

  it("gives a restarted consumer its own entries of one sink at once, and nothing of another's", async () => {
    const before = open(SINKS, 60_000);
    const events = dummyEvents(3);
    for (const event of events) await before.append(event);
    await before.read('splunk', 'replica-a', 2, 0);
    await before.read('webhook', 'replica-b', 3, 0);

    // The process dies and comes back under the same consumer name.
    const after = open(SINKS, 60_000);
    const recovered = await after.recover('splunk', 'replica-a', 10);

    expect(recovered.map((entry) => [entry.event.EventId, entry.deliveries])).toEqual([
      [events[0].EventId, 2],
      [events[1].EventId, 2],
    ]);
    expect(await after.recover('webhook', 'replica-a', 10)).toEqual([]);
    expect(await after.recover('splunk', 'replica-b', 10)).toEqual([]);
  });

  it('skips and acks an entry trimmed away while pending, on recover', async () => {
    const outbox = open(['splunk'], 60_000);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    const [gone] = await outbox.read('splunk', 'replica-a', 2, 0);
    await connection.send(OUTBOX_STREAM, ['XDEL', OUTBOX_STREAM, gone.id]);

    const recovered = await outbox.recover('splunk', 'replica-a', 10);

    expect(recovered.map((entry) => entry.event.EventId)).toEqual([events[1].EventId]);
    expect((await outbox.backlog('splunk')).lag).toBe(1);
  });

  it('has nothing to trim, and no error, when no sink is configured', async () => {
    const outbox = open([], 60_000);

    await expect(outbox.maintain()).resolves.toBeUndefined();
    expect(await connection.exists(OUTBOX_STREAM)).toBe(0);
  });

  it('trims only what every sink has acked', async () => {
    const outbox = open(['splunk', 'webhook'], 60_000);
    for (const event of dummyEvents(4)) await outbox.append(event);
    await outbox.ack(
      'splunk',
      (await outbox.read('splunk', 'c', 10, 0)).map((entry) => entry.id),
    );
    const webhook = await outbox.read('webhook', 'c', 10, 0);
    await outbox.ack(
      'webhook',
      webhook.slice(0, 2).map((entry) => entry.id),
    );

    await outbox.maintain();

    // webhook still needs entries 3 and 4; everything before them is gone.
    expect(await connection.xLen(OUTBOX_STREAM)).toBe(2);
    await outbox.ack(
      'webhook',
      webhook.slice(2).map((entry) => entry.id),
    );
    await outbox.maintain();
    expect(await connection.xLen(OUTBOX_STREAM)).toBeLessThanOrEqual(1);
  });
});
