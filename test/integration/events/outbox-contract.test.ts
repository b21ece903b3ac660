import { MemoryOutbox } from '../../../src/events/outbox/memory-outbox';
import type { Outbox } from '../../../src/events/outbox/outbox';
import { OUTBOX_STREAM, RedisOutbox } from '../../../src/events/outbox/redis-outbox';
import type { RedisClient } from '../../../src/store/redis';
import { connectTestRedis } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const SINKS = ['splunk', 'webhook'];

let redis: RedisClient;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis.destroy();
});

/** The same contract for both outboxes; `claimIdleMs` 0 lets a second consumer take pending entries at once. */
describe.each([
  ['memory', () => new MemoryOutbox(SINKS)],
  ['redis', () => new RedisOutbox(redis, SINKS, 60_000)],
] as Array<[string, () => Outbox]>)('%s outbox', (_kind, create) => {
  let outbox: Outbox;
  beforeEach(async () => {
    await redis.flushDb();
    outbox = create();
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

describe('redis outbox across replicas', () => {
  beforeEach(async () => {
    await redis.flushDb();
  });

  it('lets another replica claim entries whose consumer went silent, with a higher delivery count', async () => {
    const outbox = new RedisOutbox(redis, ['splunk'], 1);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    await outbox.read('splunk', 'dead-replica', 10, 0);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const claimed = await outbox.read('splunk', 'live-replica', 10, 0);

    expect(claimed.map((entry) => entry.event)).toEqual(events);
    expect(claimed.map((entry) => entry.deliveries)).toEqual([2, 2]);
    await outbox.close();
  });

  it('keeps entries a worker is still retrying from being claimed (touch)', async () => {
    const outbox = new RedisOutbox(redis, ['splunk'], 200);
    await outbox.append(dummyEvents(1)[0]);
    const [entry] = await outbox.read('splunk', 'busy-replica', 10, 0);
    await new Promise((resolve) => setTimeout(resolve, 250));

    await outbox.touch('splunk', 'busy-replica', [entry.id]);

    expect(await outbox.read('splunk', 'other-replica', 10, 0)).toEqual([]);
    await outbox.close();
  });

  it('trims only what every sink has acked', async () => {
    const outbox = new RedisOutbox(redis, ['splunk', 'webhook'], 60_000);
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
    expect(await redis.xLen(OUTBOX_STREAM)).toBe(2);
    await outbox.ack(
      'webhook',
      webhook.slice(2).map((entry) => entry.id),
    );
    await outbox.maintain();
    expect(await redis.xLen(OUTBOX_STREAM)).toBeLessThanOrEqual(1);
    await outbox.close();
  });
});
