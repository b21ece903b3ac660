/**
 * The move to hash-tagged key names (src/store/keys.ts), once, for a Redis that an
 * earlier version of the bot wrote: every key of a group that now shares a tag is renamed
 * from its old name, so a standalone (or Sentinel) deployment loses nothing on upgrade.
 * RENAME keeps a key's value, TTL and, for a stream, its consumer groups and pending
 * entries. A Redis Cluster never held the old names (the old version could not use one).
 * Stop every replica of the old version first: one still running writes old names again.
 */
import type { Logger } from '../log/logger';
import { KEY_PREFIX } from './keys';
import type { RedisConnection } from './redis-connection';

/** Set once every old name is gone: later starts skip the scan. */
export const HASH_TAG_MIGRATION_KEY = `${KEY_PREFIX}migrated:hash-tags`;

interface Family {
  /** SCAN pattern of the old names. */
  match: string;
  /** The new name of an old one; undefined for a key of the pattern that is not of the family. */
  rename(old: string): string | undefined;
  /** For string values that hold a key name: the old and the new prefix of that name. */
  valuePrefix?: [old: string, renamed: string];
}

const after = (key: string, prefix: string): string => key.slice(prefix.length);

const FAMILIES: Family[] = [
  // The outbox and the sinks' dead-letter streams.
  { match: 'hg:events:*', rename: (key) => `hg:{events}:${after(key, 'hg:events:')}` },
  {
    match: 'hg:fc:*',
    rename: (key) => {
      const [kind, tenant, ...rest] = after(key, 'hg:fc:').split(':');
      if (!['entry', 'user', 'sender'].includes(kind) || !tenant || rest.length === 0) return undefined;
      return `hg:{fc:${tenant}}:${kind}:${rest.join(':')}`;
    },
  },
  // The report ID index holds the chat's key: its value moves along.
  {
    match: 'hg:report:*',
    rename: (key) => `hg:{reports}:${after(key, 'hg:report:')}`,
    valuePrefix: ['hg:report:', 'hg:{reports}:'],
  },
  { match: 'hg:verify:code:*', rename: (key) => `hg:{verify}:code:${after(key, 'hg:verify:code:')}` },
  { match: 'hg:verify:owner:*', rename: (key) => `hg:{verify}:owner:${after(key, 'hg:verify:owner:')}` },
  { match: 'hg:senderlist:*', rename: (key) => `hg:{senderlist}:${after(key, 'hg:senderlist:')}` },
];

/**
 * KEYS: old name, new name. ARGV: old and new prefix of a key name held in the value, or ''.
 * 1 moved, 0 gone meanwhile (another replica moved it), -1 left alone: the new name exists
 * (written since), and overwriting it would lose that.
 */
const MOVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if ARGV[1] ~= '' and redis.call('TYPE', KEYS[1]).ok == 'string' then
  local value = redis.call('GET', KEYS[1])
  if string.sub(value, 1, #ARGV[1]) == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2] .. string.sub(value, #ARGV[1] + 1), 'KEEPTTL')
  end
end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1`;

export interface MigrationResult {
  moved: number;
  /** Old names left in place because the new one exists too. */
  conflicts: number;
}

/**
 * Renames every old key to its hash-tagged name. Idempotent, and safe when several
 * replicas start at once (each key moves in one script). Nothing to do on a cluster.
 */
export const migrateToHashTags = async (redis: RedisConnection, log: Logger): Promise<MigrationResult> => {
  const result: MigrationResult = { moved: 0, conflicts: 0 };
  if (redis.kind === 'cluster' || (await redis.exists(HASH_TAG_MIGRATION_KEY)) === 1) return result;
  for (const family of FAMILIES) {
    // Collected first: renaming while SCAN walks the keyspace could hand a key out twice.
    const old: string[] = [];
    for await (const key of redis.scan(family.match)) old.push(key);
    for (const key of old) {
      const renamed = family.rename(key);
      if (renamed === undefined) continue;
      const reply = Number(
        await redis.eval(MOVE, { keys: [key, renamed], arguments: family.valuePrefix ?? ['', ''] }),
      );
      if (reply === 1) result.moved += 1;
      if (reply === -1) result.conflicts += 1;
    }
  }
  if (result.moved > 0) log.info({ moved: result.moved }, 'Redis keys moved to their hash-tagged names');
  if (result.conflicts > 0) {
    // Key names carry tenant and user IDs: the count is enough to go and look.
    log.warn(
      { conflicts: result.conflicts, match: FAMILIES.map((family) => family.match) },
      'Redis keys of an earlier version left in place: their new names exist too (was an old replica still running?)',
    );
    return result;
  }
  await redis.set(HASH_TAG_MIGRATION_KEY, new Date().toISOString());
  return result;
};
