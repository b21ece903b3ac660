import { randomUUID } from 'node:crypto';
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
  /**
   * The hard cap behind the pacing: takes a place among at most `limit` per sliding
   * `windowMs`, recorded at the moment of sending, and resolves 0; or, when the window is
   * full, takes nothing and resolves with the milliseconds until a place frees. Pacing
   * alone can bunch sends that a stalled event loop delayed past their slots.
   */
  acquire(key: string, limit: number, windowMs: number): Promise<number>;
}

/** One process only (see the memory stores). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly next = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  private readonly sent = new Map<string, number[]>();

  async reserve(key: string, intervalMs: number): Promise<number> {
    const now = this.now();
    const slot = Math.max(this.next.get(key) ?? 0, now);
    this.next.set(key, slot + intervalMs);
    return slot - now;
  }

  async acquire(key: string, limit: number, windowMs: number): Promise<number> {
    const now = this.now();
    const times = (this.sent.get(key) ?? []).filter((at) => at > now - windowMs);
    this.sent.set(key, times);
    if (times.length < limit) {
      times.push(now);
      return 0;
    }
    return Math.max(1, times[times.length - limit] + windowMs - now);
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

/** Sorted set of send times (Redis clock); members are unique per call. */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
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

  async acquire(key: string, limit: number, windowMs: number): Promise<number> {
    const wait = await this.redis.eval(ACQUIRE_SCRIPT, {
      keys: [`${KEY_PREFIX}window-cap:${key}`],
      arguments: [String(limit), String(windowMs), randomUUID()],
    });
    return Number(wait);
  }
}

/** Reserves a slot on every key and resolves with the longest wait. */
export const reserveAll = async (
  limiter: RateLimiter,
  slots: Array<{ key: string; intervalMs: number }>,
): Promise<number> => {
  const waits = await Promise.all(slots.map((slot) => limiter.reserve(slot.key, slot.intervalMs)));
  return Math.max(0, ...waits);
};
