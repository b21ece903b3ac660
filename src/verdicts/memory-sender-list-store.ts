import {
  entryField,
  isExpired,
  SENDER_LIST_CAPACITY,
  type SenderListEntry,
  type SenderListKey,
  type SenderListName,
} from './sender-list-entry';
import type { ListedEntries, PutEntryResult, SenderListStore } from './sender-list-store';

/** Newest first; on a tie, as Redis's ZREVRANGE orders equal scores (by member, descending). */
const newestFirst = (a: SenderListEntry, b: SenderListEntry): number => {
  if (a.addedAt !== b.addedAt) return b.addedAt - a.addedAt;
  const [fa, fb] = [entryField(a), entryField(b)];
  return fa === fb ? 0 : fa < fb ? 1 : -1;
};

/**
 * The sender lists in memory: ONE process only, lost on restart and not shared between
 * replicas (set REDIS_URL for that). Entries are cloned in and out, as with Redis.
 */
export class MemorySenderListStore implements SenderListStore {
  private readonly entries = new Map<string, SenderListEntry>();

  async put(entry: SenderListEntry, capacity = SENDER_LIST_CAPACITY): Promise<PutEntryResult> {
    const field = entryField(entry);
    const previous = this.entries.get(field);
    if (!previous && this.entries.size >= capacity) return { ok: false, reason: 'full' };
    this.entries.set(field, structuredClone(entry));
    return previous ? { ok: true, previous } : { ok: true };
  }

  async get(keys: readonly SenderListKey[], now: number): Promise<SenderListEntry[]> {
    return keys.flatMap((key) => {
      const entry = this.entries.get(entryField(key));
      return entry && !isExpired(entry, now) ? [structuredClone(entry)] : [];
    });
  }

  async remove(key: SenderListKey, list: SenderListName): Promise<SenderListEntry | undefined> {
    const field = entryField(key);
    const entry = this.entries.get(field);
    if (entry?.list !== list) return undefined;
    this.entries.delete(field);
    return entry;
  }

  async list(list: SenderListName, now: number, limit: number): Promise<ListedEntries> {
    const all = [...this.entries.values()].filter((entry) => entry.list === list);
    return {
      entries: all
        .filter((entry) => !isExpired(entry, now))
        .sort(newestFirst)
        .slice(0, limit)
        .map((entry) => structuredClone(entry)),
      total: all.length,
    };
  }

  async sweep(now: number, limit: number): Promise<SenderListEntry[]> {
    const expired = [...this.entries.values()]
      .filter((entry) => isExpired(entry, now))
      .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))
      .slice(0, limit);
    for (const entry of expired) this.entries.delete(entryField(entry));
    return expired;
  }
}
