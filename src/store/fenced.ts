import { HelpdeskGuardError } from '../errors';
import type { FencedStore, KeyValueStore } from './ports';

/**
 * How a singleton (the Graph subscription manager, the hunting poller) writes its state:
 * through a FencedStore with its lease's token, so a write after the lease passed on is
 * refused by the store itself, not just by the writer's own clock. Throws `lease_lost`
 * when the lease is not held or a newer holder wrote first; the singleton's pass ends there.
 */
export const fencedWriter =
  (store: FencedStore, token: () => number | undefined, what: string) =>
  async <T>(key: string, value: T): Promise<void> => {
    const fence = token();
    if (fence === undefined || !(await store.set(key, value, fence)))
      throw new HelpdeskGuardError('lease_lost', `${what}: not written, another replica holds the lease now`);
  };

/** A fenced value, or the unfenced one an earlier version of the bot wrote under the same key. */
export const fencedRead = async <T>(
  store: FencedStore,
  legacy: KeyValueStore,
  key: string,
): Promise<T | undefined> => (await store.get<T>(key)) ?? (await legacy.get<T>(key));
