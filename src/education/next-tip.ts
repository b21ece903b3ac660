import type { KeyValueStore, UserKey } from '../store/ports';

export interface Tip {
  /** 1-based. */
  number: number;
  total: number;
  text: string;
}

/**
 * The next lesson for this user: a per-user counter in the store, so the rotation
 * continues across restarts and replicas (with Redis) and never repeats until all were seen.
 */
export const nextTip = async (
  kv: Pick<KeyValueStore, 'increment'>,
  user: UserKey,
  tips: readonly string[],
): Promise<Tip> => {
  if (tips.length === 0) throw new Error('nextTip needs at least one tip');
  const count = await kv.increment(`tips:${user.tenantId}:${user.aadObjectId}`);
  const index = (count - 1) % tips.length;
  return { number: index + 1, total: tips.length, text: tips[index] };
};
