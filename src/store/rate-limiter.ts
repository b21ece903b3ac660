import { KEY_PREFIX } from './keys';
import type { RedisClient } from './redis';

/**
 * Pacing of sends (GCRA, "virtual scheduling"): each key keeps the theoretical time of
 * its next free slot. reserve() takes the next slot and says how long to wait for it, so
 * callers never exceed 1 send per `intervalMs` per key, also across replicas (Redis).
 * There is no burst allowance: the Teams limits are per second, and a burst at the start
 * of a second would already break them.
 */
export interface RateLimiter {
  /** Takes the key's next slot; resolves with the milliseconds to wait before using it. */
  reserve(key: string, intervalMs: number): Promise<number>;
}

/** One process only (see the memory stores). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly next = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const now = this.now();
    const slot = Math.max(this.next.get(key) ?? 0, now);
    this.next.set(key, slot + intervalMs);
    return slot - now;
  }
}

/** Redis's clock, not the replica's, so replicas with skewed clocks still share one pace. */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil(slot + interval - now) + 1000)
return slot - now
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: RedisClient) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const wait = await this.redis.eval(RESERVE_SCRIPT, {
      keys: [`${KEY_PREFIX}rate:${key}`],
      arguments: [String(intervalMs)],
    });
    return Number(wait);
  }
}

/** Reserves a slot on every key and resolves with the longest wait. */
export const reserveAll = async (limiter: RateLimiter, slots: Array<{ key: string; intervalMs: number }>): Promise<number> => {
  const waits = await Promise.all(slots.map((slot) => limiter.reserve(slot.key, slot.intervalMs)));
  return Math.max(0, ...waits);
};
