import { KEY_PREFIX } from './keys';
import type { RateLimiter } from './ports';
import type { RedisConnection } from './redis-client';

/** How long a place not settled yet counts (longer than any one send takes). */
export const PLACE_LEASE_MS = 60_000;
/**
 * A settled place stays this much longer than its window: clocks read in whole
 * milliseconds (Redis's here, the receiver's there) must not let a send arrive within a
 * window of one that left it.
 */
const CLOCK_MARGIN_MS = 2;
/** How soon to ask again when the window is full of sends still on their way. */
const IN_FLIGHT_RETRY_MS = 20;

/** One process only (see the memory stores). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly next = new Map<string, number>();
  /**
   * Per key, each place's time, as the Redis twin scores it: when it was settled, or (in
   * flight, a time still to come) when its lease ends.
   */
  private readonly places = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const now = this.now();
    const slot = Math.max(this.next.get(key) ?? 0, now);
    this.next.set(key, slot + intervalMs);
    return slot - now;
  }

  async acquire(key: string, limit: number, windowMs: number, place: string): Promise<number> {
    const now = this.now();
    const places = this.places.get(key) ?? new Map<string, number>();
    this.places.set(key, places);
    let oldest = Infinity;
    for (const [id, at] of places) {
      if (at + windowMs + CLOCK_MARGIN_MS <= now) places.delete(id);
      else oldest = Math.min(oldest, at);
    }
    if (places.size < limit) {
      places.set(place, now + PLACE_LEASE_MS);
      return 0;
    }
    // The oldest place frees first, unless it (and so every place) is still in flight.
    return oldest > now ? IN_FLIGHT_RETRY_MS : Math.max(1, oldest + windowMs + CLOCK_MARGIN_MS - now);
  }

  async settle(key: string, place: string): Promise<void> {
    const places = this.places.get(key);
    if (places?.has(place)) places.set(place, this.now());
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

/**
 * Sorted set of places (Redis clock): scored by when they were settled, or (in flight) by
 * when their lease ends. A full window waits for the oldest settled place to leave, or
 * asks again soon when every place is still in flight.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lease = tonumber(ARGV[4])
local margin = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window - margin)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease + window + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local at = tonumber(oldest[2])
if at > now then return tonumber(ARGV[5]) end
local wait = at + window + margin - now
if wait < 1 then wait = 1 end
return wait
`;

/** Scores a place with Redis's now; a place that lapsed meanwhile is not brought back. */
const SETTLE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: RedisConnection) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const wait = await this.redis.eval(RESERVE_SCRIPT, {
      keys: [`${KEY_PREFIX}rate:${key}`],
      arguments: [String(intervalMs)],
    });
    return Number(wait);
  }

  async acquire(key: string, limit: number, windowMs: number, place: string): Promise<number> {
    const wait = await this.redis.eval(ACQUIRE_SCRIPT, {
      keys: [`${KEY_PREFIX}window-cap:${key}`],
      arguments: [
        String(limit),
        String(windowMs),
        place,
        String(PLACE_LEASE_MS),
        String(IN_FLIGHT_RETRY_MS),
        String(CLOCK_MARGIN_MS),
      ],
    });
    return Number(wait);
  }

  async settle(key: string, place: string): Promise<void> {
    await this.redis.eval(SETTLE_SCRIPT, { keys: [`${KEY_PREFIX}window-cap:${key}`], arguments: [place] });
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
