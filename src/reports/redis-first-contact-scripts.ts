/** Lua scripts and hash parsing of RedisFirstContactLog. */
import type {
  ContactSender,
  FirstContactEntry,
  VerificationAttemptRecord,
  WarningRecord,
} from './first-contact-log';

// Each script runs atomically in Redis: no other command lands between its check and its write.

/**
 * KEYS: entry hash, user index, then sender indexes. ARGV: ttl ms, observed-at, cutoff
 * (older index members are trimmed), thread ID, sender-index member, campaign ID or '',
 * verdict, then field/value pairs.
 */
export const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if ARGV[6] ~= '' then redis.call('HSETNX', KEYS[1], 'campaignId', ARGV[6]) end
  if ARGV[7] == 'warn' then redis.call('HSET', KEYS[1], 'verdict', 'warn') end
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
for i = 2, #KEYS do
  local member = ARGV[5]
  if i == 2 then member = ARGV[4] end
  redis.call('ZADD', KEYS[i], ARGV[2], member)
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end
return 1`;

/**
 * KEYS: entry hash. ARGV: list name ('warning' or 'attempt'), JSON item. Items are fields
 * "<list>:<n>" numbered by a counter field, so appending needs no read-modify-write in Node.
 */
export const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1] .. 'Count', 1)
redis.call('HSET', KEYS[1], ARGV[1] .. ':' .. n, ARGV[2])
return 1`;

/** The items of a numbered list in a hash, in the order they were appended. */
const listItems = <T>(hash: Record<string, string>, list: string): T[] =>
  Object.entries(hash)
    .filter(([field]) => field.startsWith(`${list}:`))
    .map(([field, value]) => [Number(field.slice(list.length + 1)), JSON.parse(value) as T] as const)
    .sort(([a], [b]) => a - b)
    .map(([, item]) => item);

/** A first-contact entry from its hash; undefined for a missing (empty) hash. */
export const toEntry = (hash: Record<string, string>): FirstContactEntry | undefined =>
  hash.chatThreadId === undefined
    ? undefined
    : {
        tenantId: hash.tenantId,
        recipientId: hash.recipientId,
        ...(hash.recipientUpn === undefined ? {} : { recipientUpn: hash.recipientUpn }),
        chatThreadId: hash.chatThreadId,
        sender: JSON.parse(hash.sender) as ContactSender,
        observedAt: Number(hash.observedAt),
        verdict: hash.verdict === 'warn' ? 'warn' : 'none',
        score: Number(hash.score),
        reasons: JSON.parse(hash.reasons) as string[],
        ...(hash.campaignId === undefined ? {} : { campaignId: hash.campaignId }),
        warnings: listItems<WarningRecord>(hash, 'warning'),
        verificationAttempts: listItems<VerificationAttemptRecord>(hash, 'attempt'),
      };
