/**
 * Redis Streams with consumer groups, as the work queue (one group) and the event outbox
 * (one group per sink) use them. Every step that reads and then writes the pending list
 * is one Lua script on the stream's key: atomic, and on one slot of a cluster.
 */
import type { RedisConnection } from './redis-connection';

/** An entry handed to a consumer, with how many times it has been handed out (this time included). */
export interface DeliveredEntry {
  id: string;
  /** The entry's field/value list. */
  fields: string[];
  deliveries: number;
}

/** The idle time a handed-back entry gets: beyond any claim time, so the next XAUTOCLAIM takes it. */
export const RELEASED_IDLE_MS = 24 * 3600 * 1000;

/**
 * KEYS: stream. ARGV: group, consumer, min idle ms, count. XAUTOCLAIM, then each claimed
 * entry's delivery count (XAUTOCLAIM has just raised it). Entries deleted while pending
 * come back as nil before Redis 7 (false here) and are skipped; XAUTOCLAIM already
 * dropped them from the pending list.
 */
const CLAIM = `
local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
local out = {}
for _, entry in ipairs(reply[2]) do
  if entry then
    local pending = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
    out[#out + 1] = {entry[1], entry[2], pending[1][4]}
  end
end
return out`;

/**
 * KEYS: stream. ARGV: group, consumer, count. The consumer's own pending entries (ID 0, a
 * history read): Redis counts that as a delivery and resets the idle time, as a hand-out
 * should. An entry deleted meanwhile (fields nil) has nothing left to do and is acked.
 * Returns {entries, how many were acked so}.
 */
const RECOVER = `
local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '0')
local out = {}
local gone = 0
if not reply then return {out, gone} end
for _, entry in ipairs(reply[1][2]) do
  if entry[2] then
    local pending = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
    out[#out + 1] = {entry[1], entry[2], pending[1][4]}
  else
    redis.call('XACK', KEYS[1], ARGV[1], entry[1])
    gone = gone + 1
  end
end
return {out, gone}`;

/**
 * KEYS: stream. ARGV: group, consumer, idle ms ('' for 0), then IDs. Re-claims for the
 * consumer what it still holds (XCLAIM JUSTID: the delivery count stays), setting its idle
 * time. What another consumer took meanwhile is left alone: a holder that was paused past
 * the claim time must not pull its items back from the replica now working on them.
 */
const RECLAIM = `
local n = 0
for i = 4, #ARGV do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2]) == 1 then
    if ARGV[3] == '' then
      redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    else
      redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'IDLE', ARGV[3], 'JUSTID')
    end
    n = n + 1
  end
end
return n`;

type ScriptEntry = [string, string[], number];

const toDelivered = ([id, fields, deliveries]: ScriptEntry): DeliveredEntry => ({
  id,
  fields,
  deliveries: Number(deliveries),
});

/** Creates the group from the stream's start (and the stream), unless it exists. */
export const createGroup = async (redis: RedisConnection, stream: string, group: string): Promise<void> => {
  try {
    await redis.send(stream, ['XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM']);
  } catch (err) {
    // BUSYGROUP: another replica (or an earlier run) created it, which is what we wanted.
    if (!String(err).includes('BUSYGROUP')) throw err;
  }
};

/** Entries another consumer left pending longer than `minIdleMs`, now this consumer's. */
export const claimAbandoned = async (
  redis: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  count: number,
): Promise<DeliveredEntry[]> => {
  const reply = (await redis.eval(CLAIM, {
    keys: [stream],
    arguments: [group, consumer, String(minIdleMs), String(count)],
  })) as unknown as ScriptEntry[];
  return reply.map(toDelivered);
};

/** Entries never handed out before, waiting up to `blockMs` on `client` (a blocking connection when > 0). */
export const readNew = async (
  client: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  count: number,
  blockMs: number,
): Promise<DeliveredEntry[]> => {
  const args = ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count)];
  if (blockMs > 0) args.push('BLOCK', String(blockMs));
  args.push('STREAMS', stream, '>');
  const reply = (await client.send(stream, args)) as Array<[string, Array<[string, string[]]>]> | null;
  return (reply ?? []).flatMap(([, entries]) =>
    entries.map(([id, fields]) => ({ id, fields, deliveries: 1 })),
  );
};

/** Up to `count` of the consumer's own pending entries, handed out again (see RECOVER). */
export const recoverOwn = async (
  redis: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  count: number,
): Promise<DeliveredEntry[]> => {
  for (;;) {
    const [entries, gone] = (await redis.eval(RECOVER, {
      keys: [stream],
      arguments: [group, consumer, String(count)],
    })) as unknown as [ScriptEntry[], number];
    // A page of nothing but deleted entries: they are acked now, so the next page goes further.
    if (entries.length > 0 || Number(gone) === 0) return entries.map(toDelivered);
  }
};

/** The consumer still works on these: their idle time starts again (extend, touch). */
export const keepClaimed = async (
  redis: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  ids: readonly string[],
): Promise<void> => {
  if (ids.length === 0) return;
  await redis.eval(RECLAIM, { keys: [stream], arguments: [group, consumer, '', ...ids] });
};

/** Hands entries back unfinished: idle beyond any claim time, so the next read of any consumer takes them. */
export const handBack = async (
  redis: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  ids: readonly string[],
): Promise<void> => {
  if (ids.length === 0) return;
  await redis.eval(RECLAIM, {
    keys: [stream],
    arguments: [group, consumer, String(RELEASED_IDLE_MS), ...ids],
  });
};
