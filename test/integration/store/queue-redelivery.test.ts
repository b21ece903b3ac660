/**
 * What replicas behind a load balancer rely on when one dies, restarts or stops: the
 * claim time of the queue, extend() by live workers, recover() by a restarted one and
 * release() by a stopping one. Memory, one Redis server and a Redis Cluster alike, except
 * what only a store that outlives its process can do (recover) or tells consumers apart.
 */
import { MemoryWorkQueue } from '../../../src/store/memory';
import type { WorkQueue } from '../../../src/store/ports';
import { connectRedis, RedisWorkQueue, type RedisConnection } from '../../../src/store/redis';
import { redisKindsUnderTest, type TestRedis } from '../../support/redis';
import { startPrivateRedis, type PrivateRedis } from '../../support/redis-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough that a loaded CI machine keeps to the heartbeats below, short enough to wait for. */
const CLAIM_IDLE_MS = 400;
const HEARTBEAT_MS = 100;

type Body = { n: number };
interface Kind {
  kind: string;
  /** The queue `name`, as a process would open it (a second call: another replica or a restart). */
  open(name: string, claimIdleMs: number): Promise<WorkQueue<Body>>;
  /** Deletes an item under the queue's feet (Redis only). */
  remove?(name: string, id: string): Promise<void>;
}

const redisKinds = redisKindsUnderTest();
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

const redisKind = (name: string, connection: () => Promise<TestRedis>): Kind => {
  return {
    kind: `redis (${name})`,
    open: async (queueName, claimIdleMs) => {
      const queue = new RedisWorkQueue<Body>(await connection(), queueName, claimIdleMs);
      opened.push(queue);
      return queue;
    },
    remove: async (queueName, id) => {
      const stream = `hg:queue:${queueName}`;
      await (await connection()).send(stream, ['XDEL', stream, id]);
    },
  };
};

const memoryQueues = new Map<string, MemoryWorkQueue<Body>>();
const memoryKind: Kind = {
  kind: 'memory',
  // One process: every "replica" is this process, sharing its one queue of that name.
  open: async (name, claimIdleMs) => {
    const queue = memoryQueues.get(name) ?? new MemoryWorkQueue<Body>(claimIdleMs);
    memoryQueues.set(name, queue);
    return queue;
  },
};

const allKinds: Kind[] = [memoryKind, ...redisKinds.map(({ name, shared }) => redisKind(name, shared))];
const durableKinds = allKinds.filter((kind) => kind.remove !== undefined);
let run = 0;
/** A queue name of this test's own: a cluster suite and Redis database outlive single tests. */
const fresh = () => `redelivery-${(run += 1)}`;

describe.each(allKinds)('$kind work queue', ({ open }) => {
  it('hands an item whose consumer died to another consumer, counting the delivery', async () => {
    const queue = await open(fresh(), 50);
    await queue.enqueue({ n: 1 });
    const [taken] = await queue.receive('dies', 1, 0);
    expect(taken.deliveries).toBe(1);

    // The first consumer never acks; once the claim time is over another one gets the item.
    await sleep(120);
    const [again] = await queue.receive('survivor', 1, 0);

    expect(again).toMatchObject({ id: taken.id, body: { n: 1 }, deliveries: 2 });
    await queue.ack(again.id);
    expect(await queue.pending()).toBe(0);
  });

  it('keeps an extended item with its live holder past the claim time; an unextended one is taken', async () => {
    const queue = await open(fresh(), CLAIM_IDLE_MS);
    await queue.enqueue({ n: 1 });
    await queue.enqueue({ n: 2 });
    const [kept, abandoned] = await queue.receive('live', 2, 0);
    for (let beat = 0; beat * HEARTBEAT_MS < CLAIM_IDLE_MS + HEARTBEAT_MS; beat += 1) {
      await sleep(HEARTBEAT_MS);
      await queue.extend('live', [kept.id]);
    }

    const claimed = await queue.receive('other', 10, 0);

    expect(claimed.map((item) => [item.body.n, item.deliveries])).toEqual([[2, 2]]);
    expect(claimed[0].id).toBe(abandoned.id);
  });

  it('hands a released item to another consumer at once', async () => {
    const queue = await open(fresh(), 60_000);
    await queue.enqueue({ n: 1 });
    const [item] = await queue.receive('stopping', 1, 0);

    await queue.release('stopping', [item.id]);
    const [again] = await queue.receive('other', 1, 0);

    expect(again).toMatchObject({ id: item.id, body: { n: 1 }, deliveries: 2 });
  });
});

describe.each(durableKinds)('$kind work queue across restarts', ({ open, remove }) => {
  it('gives a restarted consumer its own unacked items at once, each counted as a new delivery', async () => {
    const name = fresh();
    const before = await open(name, 60_000);
    for (const n of [1, 2, 3, 4]) await before.enqueue({ n });
    const taken = await before.receive('replica-a', 3, 0);
    await before.ack(taken[1].id);

    // The process dies and comes back under the same name, long before the claim time.
    const after = await open(name, 60_000);
    const recovered = await after.recover('replica-a', 10);

    expect(recovered.map((item) => [item.body.n, item.deliveries])).toEqual([
      [1, 2],
      [3, 2],
    ]);
    // Nobody else gets them, only the item never handed out.
    expect(await after.recover('replica-b', 10)).toEqual([]);
    expect((await after.receive('replica-b', 10, 0)).map((item) => item.body.n)).toEqual([4]);
  });

  it('skips and forgets an item deleted while it was pending', async () => {
    const name = fresh();
    const queue = await open(name, 60_000);
    for (const n of [1, 2]) await queue.enqueue({ n });
    const [gone, live] = await queue.receive('replica-a', 2, 0);
    await remove!(name, gone.id);

    const recovered = await queue.recover('replica-a', 1);

    expect(recovered.map((item) => item.id)).toEqual([live.id]);
    expect(await queue.pending()).toBe(1);
  });

  it("does not pull an item back from the consumer that took it over, on its former holder's late extend", async () => {
    const queue = await open(fresh(), CLAIM_IDLE_MS);
    await queue.enqueue({ n: 1 });
    const [item] = await queue.receive('paused', 1, 0);
    await sleep(CLAIM_IDLE_MS + 50);
    expect((await queue.receive('taker', 1, 0)).map((message) => message.id)).toEqual([item.id]);

    // The paused replica wakes up and extends what it thinks it holds; the taker then dies.
    await sleep(CLAIM_IDLE_MS / 2);
    await queue.extend('paused', [item.id]);
    await sleep(CLAIM_IDLE_MS / 2 + 100);

    // Idle since the taker's claim, not since the late extend: a third consumer takes it.
    expect((await queue.receive('third', 1, 0)).map((message) => [message.id, message.deliveries])).toEqual([
      [item.id, 3],
    ]);
  });
});

describe('redis queue acks', () => {
  let redis: PrivateRedis;
  let connection: RedisConnection;
  beforeAll(async () => {
    // A server of its own: the command counts below are the whole server's.
    redis = await startPrivateRedis();
    connection = await connectRedis(redis.url);
  });
  afterAll(async () => {
    connection?.destroy();
    await redis?.stop();
  });

  const execCalls = async (): Promise<number> => {
    const info = String(await connection.send('info', ['INFO', 'commandstats']));
    return Number(/cmdstat_exec:calls=(\d+)/.exec(info)?.[1] ?? 0);
  };

  it('sends the acks of one tick in one round trip, and each caller waits for it', async () => {
    const queue = new RedisWorkQueue<Body>(connection, 'acks', 60_000);
    opened.push(queue);
    for (let n = 0; n < 20; n += 1) await queue.enqueue({ n });
    const items = await queue.receive('worker', 20, 0);
    const before = await execCalls();

    await Promise.all(items.map((item) => queue.ack(item.id)));

    expect(await execCalls()).toBe(before + 1);
    expect(await queue.pending()).toBe(0);
    expect(await connection.xLen('hg:queue:acks')).toBe(0);
    // A later ack is a round trip of its own, not lost with the first batch.
    await queue.enqueue({ n: 20 });
    const [late] = await queue.receive('worker', 1, 0);
    await queue.ack(late.id);
    expect(await execCalls()).toBe(before + 2);
    expect(await queue.pending()).toBe(0);
  });
});
