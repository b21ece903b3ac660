import { taggedPrefix } from './keys';
import type { ScheduledJob, ScheduledJobs } from './ports';
import type { RedisConnection } from './redis-connection';

/** Removes a job only if its due time is still the one handed on. */
const DONE_SCRIPT = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 0`;

/**
 * Scheduled jobs in Redis: a sorted set of IDs by due time and a hash of bodies, both under
 * one hash tag so that a Redis Cluster keeps them on one slot.
 */
export class RedisScheduledJobs<T> implements ScheduledJobs<T> {
  private readonly times: string;
  private readonly bodies: string;

  constructor(
    private readonly redis: RedisConnection,
    name: string,
  ) {
    const prefix = taggedPrefix(`scheduled:${name}`);
    this.times = `${prefix}due`;
    this.bodies = `${prefix}body`;
  }

  async schedule(id: string, dueAt: number, body: T): Promise<void> {
    await this.redis
      .multi(this.times)
      .hSet(this.bodies, id, JSON.stringify(body))
      .zAdd(this.times, { score: dueAt, value: id })
      .exec();
  }

  async cancel(id: string): Promise<boolean> {
    const replies = await this.redis.multi(this.times).zRem(this.times, id).hDel(this.bodies, id).exec();
    return Number(replies[0]) > 0;
  }

  async due(now: number, count: number): Promise<ScheduledJob<T>[]> {
    const flat = (await this.redis.send(this.times, [
      'ZRANGE',
      this.times,
      '-inf',
      String(now),
      'BYSCORE',
      'LIMIT',
      '0',
      String(count),
      'WITHSCORES',
    ])) as string[];
    if (flat.length === 0) return [];
    const ids = flat.filter((_, i) => i % 2 === 0);
    const bodies = await this.redis.hmGet(this.bodies, ids);
    const jobs: ScheduledJob<T>[] = [];
    ids.forEach((id, i) => {
      const body = bodies[i];
      // A body without a time (or the reverse) is a half-cancelled job: nothing to hand on.
      if (typeof body === 'string')
        jobs.push({ id, dueAt: Number(flat[i * 2 + 1]), body: JSON.parse(body) as T });
    });
    return jobs;
  }

  async done(id: string, dueAt: number): Promise<void> {
    await this.redis.eval(DONE_SCRIPT, { keys: [this.times, this.bodies], arguments: [id, String(dueAt)] });
  }
}
