import { KEY_PREFIX, taggedPrefix } from '../store/keys';
import type { RedisConnection } from '../store/redis';
import type { ChallengeRecord, CodeRecord, Confirmer, VerificationStore } from './verification-store';

// Each script runs atomically in Redis: no other command lands between its check and its write.

/** KEYS: code hash, owner key. ARGV: ttl ms, owner ID, then field/value pairs. */
const SAVE_CODE = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** KEYS: challenge hash. ARGV: ttl ms, then field/value pairs. */
const SAVE_CHALLENGE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/**
 * KEYS: code hash. ARGV: spent-at. The EXISTS guard keeps HSETNX from creating a bare hash,
 * without TTL, for a record that has just expired.
 */
const SPEND_CODE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], 'spentAt', ARGV[1])`;

/** KEYS: challenge hash. ARGV: confirmed-at, confirmer ID, confirmer name. */
const CONFIRM_CHALLENGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'confirmedAt', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'confirmerObjectId', ARGV[2], 'confirmerName', ARGV[3])
return 1`;

/** Field/value pairs of a record, leaving out absent optional fields. */
const toPairs = (record: object): string[] =>
  Object.entries(record).flatMap(([field, value]) => (value === undefined ? [] : [field, String(value)]));

const optionalNumber = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

const toCodeRecord = (hash: Record<string, string>): CodeRecord | undefined =>
  hash.digest === undefined
    ? undefined
    : {
        digest: hash.digest,
        tenantId: hash.tenantId,
        userObjectId: hash.userObjectId,
        issuerObjectId: hash.issuerObjectId,
        issuerName: hash.issuerName,
        issuedAt: Number(hash.issuedAt),
        expiresAt: Number(hash.expiresAt),
        ...(hash.spentAt === undefined ? {} : { spentAt: Number(hash.spentAt) }),
      };

const toChallengeRecord = (hash: Record<string, string>): ChallengeRecord | undefined => {
  if (hash.digest === undefined) return undefined;
  const record: ChallengeRecord = {
    digest: hash.digest,
    tenantId: hash.tenantId,
    userObjectId: hash.userObjectId,
    userUpn: hash.userUpn,
    chatThreadId: hash.chatThreadId,
    issuedAt: Number(hash.issuedAt),
    expiresAt: Number(hash.expiresAt),
    confirmedAt: optionalNumber(hash.confirmedAt),
    confirmerObjectId: hash.confirmerObjectId,
    confirmerName: hash.confirmerName,
  };
  // Absent fields stay absent, as in the memory store.
  for (const field of Object.keys(record) as Array<keyof ChallengeRecord>) {
    if (record[field] === undefined) delete record[field];
  }
  return record;
};

/**
 * Codes and their owners share one hash tag, `{verify}`: saving a code checks and writes
 * both in one script, and the two are found by different digests, so nothing narrower
 * puts them on one slot. Codes are few (staff issue them by hand). Challenges are used one
 * key at a time and stay untagged.
 */
export const CODE_KEY_PREFIX = taggedPrefix('verify');

/**
 * Verification records in Redis, shared by every replica: hashes under
 * `hg:{verify}:code:<digest>` and `hg:verify:challenge:<digest>`, owner IDs under
 * `hg:{verify}:owner:<digest>`, all with a TTL. Check-and-set steps run as Lua scripts.
 */
export class RedisVerificationStore implements VerificationStore {
  constructor(private readonly redis: RedisConnection) {}

  private codeKey(digest: string): string {
    return `${CODE_KEY_PREFIX}code:${digest}`;
  }

  private ownerKey(digest: string): string {
    return `${CODE_KEY_PREFIX}owner:${digest}`;
  }

  private challengeKey(digest: string): string {
    return `${KEY_PREFIX}verify:challenge:${digest}`;
  }

  async saveCode(record: CodeRecord, ownerDigest: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.eval(SAVE_CODE, {
      keys: [this.codeKey(record.digest), this.ownerKey(ownerDigest)],
      arguments: [String(ttlMs), record.userObjectId, ...toPairs(record)],
    });
    return reply === 1;
  }

  async findCode(userDigest: string): Promise<CodeRecord | undefined> {
    return toCodeRecord(await this.redis.hGetAll(this.codeKey(userDigest)));
  }

  async findCodeOwner(ownerDigest: string): Promise<string | undefined> {
    return (await this.redis.get(this.ownerKey(ownerDigest))) ?? undefined;
  }

  async spendCode(userDigest: string, at: number): Promise<boolean> {
    const reply = await this.redis.eval(SPEND_CODE, {
      keys: [this.codeKey(userDigest)],
      arguments: [String(at)],
    });
    return reply === 1;
  }

  async saveChallenge(record: ChallengeRecord, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.eval(SAVE_CHALLENGE, {
      keys: [this.challengeKey(record.digest)],
      arguments: [String(ttlMs), ...toPairs(record)],
    });
    return reply === 1;
  }

  async findChallenge(digest: string): Promise<ChallengeRecord | undefined> {
    return toChallengeRecord(await this.redis.hGetAll(this.challengeKey(digest)));
  }

  async confirmChallenge(digest: string, confirmer: Confirmer, at: number): Promise<boolean> {
    const reply = await this.redis.eval(CONFIRM_CHALLENGE, {
      keys: [this.challengeKey(digest)],
      arguments: [String(at), confirmer.aadObjectId, confirmer.name],
    });
    return reply === 1;
  }
}
