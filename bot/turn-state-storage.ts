import type { Storage, StoreItems } from 'botbuilder';
import type { KeyValueStore } from '../src/store/ports';

/** Turn state older than this is dropped; it only carries short conversational context. */
const TURN_STATE_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * botbuilder Storage over the KeyValueStore port, so teams-ai turn state lives in Redis
 * when REDIS_URL is set. eTags give last-writer detection like MemoryStorage; the
 * read-compare-write is not atomic across replicas, which turn state tolerates (it holds
 * no security decisions).
 */
export class KeyValueTurnStorage implements Storage {
  private etag = 0;

  constructor(private readonly kv: KeyValueStore) {}

  private static key(key: string): string {
    return `turnstate:${key}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const item = await this.kv.get<Record<string, unknown>>(KeyValueTurnStorage.key(key));
        if (item !== undefined) items[key] = item;
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, change]) => {
        const newItem = { ...(change as Record<string, unknown>) };
        const expected = newItem.eTag;
        if (typeof expected === 'string' && expected !== '*') {
          const current = await this.kv.get<{ eTag?: string }>(KeyValueTurnStorage.key(key));
          if (current?.eTag !== undefined && current.eTag !== expected) {
            throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
          }
        }
        this.etag += 1;
        newItem.eTag = `${Date.now().toString(36)}-${this.etag}`;
        await this.kv.set(KeyValueTurnStorage.key(key), newItem, TURN_STATE_TTL_MS);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.kv.delete(KeyValueTurnStorage.key(key))));
  }
}
