import { MemoryWorkQueue } from '../../../src/store/memory';
import type { WorkQueue } from '../../../src/store/ports';
import { RedisWorkQueue, type RedisClient } from '../../../src/store/redis';
import { connectTestRedis } from '../../support/redis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('work queue redelivery', () => {
  let redis: RedisClient;
  const queues: Array<{ close?: () => Promise<void> }> = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
  });

  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close?.()));
    redis.destroy();
  });

  it.each([
    ['memory', () => new MemoryWorkQueue<{ n: number }>(50)],
    [
      'redis',
      () => {
        const queue = new RedisWorkQueue<{ n: number }>(redis, 'redelivery', 50);
        queues.push(queue);
        return queue;
      },
    ],
  ])(
    '%s: hands an item whose consumer died to another consumer',
    async (_kind, make: () => WorkQueue<{ n: number }>) => {
      const queue = make();
      await queue.enqueue({ n: 1 });
      const [taken] = await queue.receive('dies', 1, 0);
      expect(taken.deliveries).toBe(1);

      // The first consumer never acks; once the lease is over another one gets the item.
      await sleep(120);
      const [again] = await queue.receive('survivor', 1, 0);

      expect(again.id).toBe(taken.id);
      expect(again.body).toEqual({ n: 1 });
      expect(again.deliveries).toBe(2);
      await queue.ack(again.id);
      expect(await queue.pending()).toBe(0);
    },
  );
});
