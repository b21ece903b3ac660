/** Every Redis key this service writes starts with this prefix. */
export const KEY_PREFIX = 'hg:';

/**
 * The prefix of keys that one Lua script or one MULTI/EXEC uses together: `hg:{group}:`.
 * A Redis Cluster hashes only what is inside the first `{...}` of a key, so every key of
 * a group lands on one slot, where a script or a transaction may touch them all (across
 * slots Cluster refuses it with CROSSSLOT). Braces in these keys are real characters, not
 * notation. Keys a store only ever uses one at a time need no tag and stay spread out.
 */
export const taggedPrefix = (group: string): string => `${KEY_PREFIX}{${group}}:`;
