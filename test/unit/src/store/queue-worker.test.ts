import { silentLogger } from '../../../../src/log/logger';
import { MemoryWorkQueue } from '../../../../src/store/memory';
import type { QueueMessage, WorkQueue } from '../../../../src/store/ports';
import { createQueueWorker } from '../../../../src/store/queue-worker';
import { waitUntil } from '../../../support/wait-for';

type Job = { n: number };

/** The real memory queue, with what the worker asked of it written down. */
class WatchedQueue implements WorkQueue<Job> {
  readonly calls: Array<{ op: string; ids: readonly string[] }> = [];
  constructor(
    private readonly inner: MemoryWorkQueue<Job>,
    private readonly recovered: QueueMessage<Job>[] = [],
  ) {}
  enqueue = (body: Job) => this.inner.enqueue(body);
  async receive(consumer: string, count: number, blockMs: number) {
    const messages = await this.inner.receive(consumer, count, blockMs);
    if (messages.length > 0) this.calls.push({ op: 'receive', ids: messages.map((m) => m.id) });
    return messages;
  }
  async recover(consumer: string, count: number) {
    this.calls.push({ op: 'recover', ids: [] });
    // A previous process's items: handed out to this consumer already, never acked.
    const items = this.recovered.splice(0, count);
    for (const item of items) await this.inner.extend(consumer, [item.id]);
    return items;
  }
  async extend(consumer: string, ids: readonly string[]) {
    this.calls.push({ op: 'extend', ids });
    await this.inner.extend(consumer, ids);
  }
  async release(consumer: string, ids: readonly string[]) {
    this.calls.push({ op: 'release', ids });
    await this.inner.release(consumer, ids);
  }
  ack = (id: string) => this.inner.ack(id);
  pending = () => this.inner.pending();
}

const workerOn = (queue: WorkQueue<Job>, handle: (message: QueueMessage<Job>) => Promise<boolean>) =>
  createQueueWorker({
    queue,
    consumer: 'replica-a',
    concurrency: 4,
    handle,
    maxDeliveries: 5,
    log: silentLogger(),
    name: 'test',
    blockMs: 20,
    heartbeatMs: 20,
  });

describe('createQueueWorker', () => {
  it('refills a busy pool in batches (half the slots at a time), and still takes a lone job at once', async () => {
    const inner = new MemoryWorkQueue<Job>(60_000);
    for (let n = 0; n < 40; n += 1) await inner.enqueue({ n });
    const queue = new WatchedQueue(inner);
    const done: number[] = [];
    // Jobs end one by one, so a pool refilled per finished job would read one job at a time.
    const worker = workerOn(queue, async (message) => {
      await new Promise((resolve) => setTimeout(resolve, message.body.n % 4));
      done.push(message.body.n);
      return true;
    });

    worker.start();
    await waitUntil(() => done.length === 40, 'the 40 jobs handled');
    await inner.enqueue({ n: 40 });
    await waitUntil(() => done.length === 41, 'a lone job handled');
    await worker.stop();

    const sizes = queue.calls.filter((call) => call.op === 'receive').map((call) => call.ids.length);
    // concurrency 4: a first read of 4, then reads of at least 2 while the queue is full.
    expect(sizes[0]).toBe(4);
    expect(sizes.slice(1, -2).every((size) => size >= 2)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(41);
    expect(sizes.length).toBeLessThanOrEqual(1 + Math.ceil(36 / 2) + 2);
  });

  it('resumes the jobs its consumer held before a restart, before any new one', async () => {
    const inner = new MemoryWorkQueue<Job>(60_000);
    await inner.enqueue({ n: 1 });
    const [held] = await inner.receive('replica-a', 1, 0);
    await inner.enqueue({ n: 2 });
    const queue = new WatchedQueue(inner, [{ ...held, deliveries: 2 }]);
    const order: number[] = [];
    const worker = workerOn(queue, async (message) => {
      order.push(message.body.n);
      return true;
    });

    worker.start();
    await waitUntil(() => order.length === 2, 'both jobs handled');
    await worker.stop();

    expect(queue.calls[0].op).toBe('recover');
    expect(order).toEqual([1, 2]);
    expect(await inner.pending()).toBe(0);
  });

  it('extends the jobs in flight while they run, and stops once they are done', async () => {
    const inner = new MemoryWorkQueue<Job>(60_000);
    const queue = new WatchedQueue(inner);
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const worker = workerOn(queue, async () => {
      await slow;
      return true;
    });
    const id = await queue.enqueue({ n: 1 });

    worker.start();
    await waitUntil(() => queue.calls.filter((call) => call.op === 'extend').length >= 3, 'three heartbeats');
    expect(queue.calls.filter((call) => call.op === 'extend').every((call) => call.ids.includes(id))).toBe(
      true,
    );
    finish();
    await worker.stop();

    const beats = queue.calls.filter((call) => call.op === 'extend').length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(queue.calls.filter((call) => call.op === 'extend')).toHaveLength(beats);
    expect(queue.calls.some((call) => call.op === 'release')).toBe(false);
  });

  it('hands jobs still running after the grace time back, for another consumer to take at once', async () => {
    const inner = new MemoryWorkQueue<Job>(60_000);
    const queue = new WatchedQueue(inner);
    const worker = workerOn(queue, () => new Promise<boolean>(() => undefined));
    const id = await queue.enqueue({ n: 1 });
    worker.start();
    await waitUntil(() => queue.calls.some((call) => call.op === 'receive'), 'the job taken');

    await worker.stop(50);

    expect(queue.calls.find((call) => call.op === 'release')?.ids).toEqual([id]);
    // Without the hand-back the lease (a minute here) would keep it from everyone else.
    const [again] = await inner.receive('replica-b', 1, 0);
    expect(again).toMatchObject({ id, deliveries: 2 });
  });

  it('runs fewer jobs at once while the intake presses, and all its slots once it stops', async () => {
    const inner = new MemoryWorkQueue<Job>(60_000);
    for (let n = 0; n < 40; n += 1) await inner.enqueue({ n });
    let busy = true;
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const worker = createQueueWorker({
      queue: inner,
      consumer: 'replica-a',
      concurrency: 8,
      busyConcurrency: 2,
      pressure: { busy: () => busy },
      handle: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return true;
      },
      maxDeliveries: 5,
      log: silentLogger(),
      name: 'test',
      blockMs: 20,
    });
    const release = (count: number) => gates.splice(0, count).forEach((open) => open());

    worker.start();
    await waitUntil(() => running === 2, 'two jobs under pressure');
    // Under pressure, each finished job is replaced by one, never more.
    for (let round = 0; round < 3; round += 1) {
      release(2);
      await waitUntil(() => running === 2 && gates.length === 2, 'the two slots refilled');
    }
    expect(most).toBe(2);
    busy = false;
    release(1);
    await waitUntil(() => running === 8, 'every slot once the pressure is gone');
    while ((await inner.pending()) > 0 || running > 0) {
      release(gates.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await worker.stop();
    expect(most).toBe(8);
  });
});
