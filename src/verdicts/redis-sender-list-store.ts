import { taggedPrefix } from '../store/keys';
import type { RedisConnection } from '../store/redis';
import {
  entryField,
  isExpired,
  SENDER_LIST_CAPACITY,
  type SenderListEntry,
  type SenderListKey,
  type SenderListName,
} from './sender-list-entry';
import type { ListedEntries, PutEntryResult, SenderListStore } from './sender-list-store';

// Each script runs atomically in Redis: no other command lands between its read and its write.
// KEYS of every script: the entries hash, the block list's and the allow list's index
// (sorted by addedAt), and the expiry index (sorted by expiresAt).

/** ARGV: field, entry JSON, list, addedAt, expiresAt or '', capacity. Returns [written, previous JSON or '']. */
const PUT = `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if not previous and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return {0, ''} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[3] == 'block' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
end
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[4], ARGV[1])
else
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
end
return {1, previous or ''}`;

/** ARGV: field, list. Returns the removed entry's JSON, or '' when the field is not on that list. */
const REMOVE = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored or cjson.decode(stored).list ~= ARGV[2] then return '' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return stored`;

/** ARGV: now, limit. Removes entries whose expiresAt <= now and returns their JSON. */
const SWEEP = `
local fields = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, field in ipairs(fields) do
  local stored = redis.call('HGET', KEYS[1], field)
  redis.call('HDEL', KEYS[1], field)
  redis.call('ZREM', KEYS[2], field)
  redis.call('ZREM', KEYS[3], field)
  redis.call('ZREM', KEYS[4], field)
  if stored then table.insert(out, stored) end
end
return out`;

const parse = (json: string): SenderListEntry => JSON.parse(json) as SenderListEntry;

/** The four keys share one hash tag, `{senderlist}`: every script writes all of them. */
export const SENDER_LIST_KEY_PREFIX = taggedPrefix('senderlist');

/**
 * The sender lists in Redis, shared by every replica: `hg:{senderlist}:entries` (a hash by
 * `kind:value`), `hg:{senderlist}:added:block` and `…:allow` (sorted by addedAt, for
 * newest-first listing) and `hg:{senderlist}:expiry` (sorted by expiresAt, for the sweep).
 * Bounded by SENDER_LIST_CAPACITY; nothing here has a Redis TTL, expiry is the entry's own.
 */
export class RedisSenderListStore implements SenderListStore {
  private readonly keys: [string, string, string, string];

  constructor(private readonly redis: RedisConnection) {
    const base = SENDER_LIST_KEY_PREFIX;
    this.keys = [`${base}entries`, `${base}added:block`, `${base}added:allow`, `${base}expiry`];
  }

  async put(entry: SenderListEntry, capacity = SENDER_LIST_CAPACITY): Promise<PutEntryResult> {
    const reply = (await this.redis.eval(PUT, {
      keys: this.keys,
      arguments: [
        entryField(entry),
        JSON.stringify(entry),
        entry.list,
        String(entry.addedAt),
        entry.expiresAt === undefined ? '' : String(entry.expiresAt),
        String(capacity),
      ],
    })) as [number, string];
    if (reply[0] === 0) return { ok: false, reason: 'full' };
    return reply[1] === '' ? { ok: true } : { ok: true, previous: parse(reply[1]) };
  }

  async get(keys: readonly SenderListKey[], now: number): Promise<SenderListEntry[]> {
    if (keys.length === 0) return [];
    const stored = await this.redis.hmGet(this.keys[0], keys.map(entryField));
    return stored.flatMap((json) => {
      if (typeof json !== 'string') return [];
      const entry = parse(json);
      return isExpired(entry, now) ? [] : [entry];
    });
  }

  async remove(key: SenderListKey, list: SenderListName): Promise<SenderListEntry | undefined> {
    const reply = (await this.redis.eval(REMOVE, {
      keys: this.keys,
      arguments: [entryField(key), list],
    })) as string;
    return reply === '' ? undefined : parse(reply);
  }

  async list(list: SenderListName, now: number, limit: number): Promise<ListedEntries> {
    const index = list === 'block' ? this.keys[1] : this.keys[2];
    const [fields, total] = (await this.redis
      .multi(index)
      .zRange(index, 0, Math.max(0, limit - 1), { REV: true })
      .zCard(index)
      .exec()) as unknown as [string[], number];
    if (limit <= 0 || fields.length === 0) return { entries: [], total: Number(total) };
    const entries = await this.get(
      fields.map((field) => {
        const colon = field.indexOf(':');
        return { kind: field.slice(0, colon) as SenderListKey['kind'], value: field.slice(colon + 1) };
      }),
      now,
    );
    return { entries, total: Number(total) };
  }

  async sweep(now: number, limit: number): Promise<SenderListEntry[]> {
    const reply = (await this.redis.eval(SWEEP, {
      keys: this.keys,
      arguments: [String(now), String(limit)],
    })) as string[];
    return reply.map(parse);
  }
}
