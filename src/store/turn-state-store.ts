import type { KeyValueStore } from './ports';

/** Turn state older than this is dropped; it only carries short conversational context. */
const TURN_STATE_TTL_MS = 30 * 24 * 3600 * 1000;

/** Items by key, as the Bot Framework's Storage interface reads and writes them. */
export type TurnStateItems = Record<string, unknown>;

/**
 * Where teams-ai keeps turn state. The shape of botbuilder's `Storage` (read, write,
 * delete with eTags), declared here so src/ needs no Teams SDK; bot/app.ts hands it to
 * the Application as its storage.
 */
export interface TurnStateStore {
  read(keys: string[]): Promise<TurnStateItems>;
  write(changes: TurnStateItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * Turn state over the KeyValueStore port, in memory or in Redis like every other store.
 * eTags give last-writer detection like botbuilder's MemoryStorage; the
 * read-compare-write is not atomic across replicas, which turn state tolerates (it holds
 * no security decisions).
 */
export class KeyValueTurnStateStore implements TurnStateStore {
  private etag = 0;

  constructor(private readonly kv: KeyValueStore) {}

  private static key(key: string): string {
    return `turnstate:${key}`;
  }

  async read(keys: string[]): Promise<TurnStateItems> {
    const items: TurnStateItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const item = await this.kv.get<Record<string, unknown>>(KeyValueTurnStateStore.key(key));
        if (item !== undefined) items[key] = item;
      }),
    );
    return items;
  }

  async write(changes: TurnStateItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, change]) => {
        const newItem = { ...(change as Record<string, unknown>) };
        const expected = newItem.eTag;
        if (typeof expected === 'string' && expected !== '*') {
          const current = await this.kv.get<{ eTag?: string }>(KeyValueTurnStateStore.key(key));
          if (current?.eTag !== undefined && current.eTag !== expected) {
            throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
          }
        }
        this.etag += 1;
        newItem.eTag = `${Date.now().toString(36)}-${this.etag}`;
        await this.kv.set(KeyValueTurnStateStore.key(key), newItem, TURN_STATE_TTL_MS);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.kv.delete(KeyValueTurnStateStore.key(key))));
  }
}
