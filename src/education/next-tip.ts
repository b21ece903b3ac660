import type { KeyValueStore, UserKey } from '../store/ports';

/** Where the user is in the rotation; the lesson itself is picked with this index. */
export interface TipPosition {
  /** 1-based. */
  number: number;
  total: number;
}

/**
 * The next lesson for this user: a per-user counter in the store, so the rotation
 * continues across restarts and replicas (with Redis) and never repeats until all were seen.
 */
export const nextTip = async (
  kv: Pick<KeyValueStore, 'increment'>,
  user: UserKey,
  total: number,
): Promise<TipPosition> => {
  if (total < 1) throw new Error('nextTip needs at least one tip');
  const count = await kv.increment(`tips:${user.tenantId}:${user.aadObjectId}`);
  return { number: ((count - 1) % total) + 1, total };
};
