/**
 * What a replica restart and a takeover rely on, in Redis: a consumer's own unacked items
 * come back to it at once under the same name, a live holder's extended items stay with
 * it, and released items go to the next consumer at once. The queue and the outbox alike.
 */
import { RedisOutbox } from '../../../src/events/outbox/redis-outbox';
import { RedisWorkQueue, type RedisClient } from '../../../src/store/redis';
import { connectTestRedis } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLAIM_IDLE_MS = 150;

describe('Redis work queue: recover, extend, release', () => {
  let redis: RedisClient;
  let queue: RedisWorkQueue<{ n: number }>;

  beforeEach(async () => {
    redis = await connectTestRedis();
    queue = new RedisWorkQueue(redis, 'recovery', CLAIM_IDLE_MS);
  });
  afterEach(async () => {
    await queue.close();
    redis.destroy();
  });

  it('gives a restarted consumer its own unacked items at once, counted as a new delivery', async () => {
    for (const n of [1, 2, 3]) await queue.enqueue({ n });
    const taken = await queue.receive('replica-a', 2, 0);
    await queue.ack(taken[1].id);

    // The process dies and comes back under the same name, long before the claim time.
    const recovered = await queue.recover('replica-a', 10);

    expect(recovered.map((item) => [item.body.n, item.deliveries])).toEqual([[1, 2]]);
    // Another consumer gets nothing of it, only the item never handed out.
    expect((await queue.receive('replica-b', 10, 0)).map((item) => item.body.n)).toEqual([3]);
    expect(await queue.recover('replica-c', 10)).toEqual([]);
  });

  it('keeps an extended item with its live holder past the claim time; an unextended one is taken', async () => {
    await queue.enqueue({ n: 1 });
    await queue.enqueue({ n: 2 });
    const [kept, abandoned] = await queue.receive('replica-a', 2, 0);
    for (let beat = 0; beat < 4; beat += 1) {
      await sleep(CLAIM_IDLE_MS / 2);
      await queue.extend('replica-a', [kept.id]);
    }

    const claimed = await queue.receive('replica-b', 10, 0);

    expect(claimed.map((item) => item.id)).toEqual([abandoned.id]);
    expect(claimed[0].deliveries).toBe(2);
  });

  it('hands a released item to the next consumer at once', async () => {
    await queue.enqueue({ n: 1 });
    const [item] = await queue.receive('stopping', 1, 0);

    await queue.release('stopping', [item.id]);
    const [again] = await queue.receive('replica-b', 1, 0);

    expect(again).toMatchObject({ id: item.id, body: { n: 1 }, deliveries: 2 });
  });
});

describe('Redis outbox: recover, release', () => {
  let redis: RedisClient;
  let outbox: RedisOutbox;

  beforeEach(async () => {
    redis = await connectTestRedis();
    outbox = new RedisOutbox(redis, ['splunk', 'webhook'], 60_000);
  });
  afterEach(async () => {
    await outbox.close();
    redis.destroy();
  });

  it("gives a restarted consumer its own batch of one sink at once, and nothing of another's", async () => {
    const events = dummyEvents(3);
    for (const event of events) await outbox.append(event);
    await outbox.read('splunk', 'replica-a', 2, 0);
    await outbox.read('webhook', 'replica-b', 3, 0);

    const recovered = await outbox.recover('splunk', 'replica-a', 10);

    expect(recovered.map((entry) => [entry.event.EventId, entry.deliveries])).toEqual([
      [events[0].EventId, 2],
      [events[1].EventId, 2],
    ]);
    expect(await outbox.recover('webhook', 'replica-a', 10)).toEqual([]);
  });

  it('hands a released batch to the next consumer at once, without waiting for the claim time', async () => {
    const [event] = dummyEvents(1);
    await outbox.append(event);
    const [entry] = await outbox.read('splunk', 'stopping', 10, 0);

    await outbox.release('splunk', 'stopping', [entry.id]);
    const again = await outbox.read('splunk', 'replica-b', 10, 0);

    expect(again.map((item) => [item.event.EventId, item.deliveries])).toEqual([[event.EventId, 2]]);
  });
});
