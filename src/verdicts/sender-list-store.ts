import type { SenderListEntry, SenderListKey, SenderListName } from './sender-list-entry';

export type PutEntryResult =
  /** `previous`: the entry this one replaced (either list), also one that had expired unswept. */
  | { ok: true; previous?: SenderListEntry }
  /** The lists hold SENDER_LIST_CAPACITY entries: nothing was written. */
  | { ok: false; reason: 'full' };

export interface ListedEntries {
  /** Newest first (by addedAt), live ones only. */
  entries: SenderListEntry[];
  /** How many entries the list holds, expired ones not yet swept included. */
  total: number;
}

/**
 * The sender list store port: one entry per (kind, value), on the block or the allow
 * list. Expiry is by the entry's `expiresAt` against the `now` each read is given, so an
 * expired entry is never returned as live, and sweep() hands each one out exactly once
 * (the caller emits its `expired` event). Memory serves one process; Redis any number of
 * replicas. Both pass test/integration/store/sender-list-store.contract.test.ts.
 */
export interface SenderListStore {
  /** Adds the entry or replaces the one under its key (on either list), atomically. */
  put(entry: SenderListEntry, capacity?: number): Promise<PutEntryResult>;
  /** The live entries of these keys, in the order of `keys`; missing ones left out. */
  get(keys: readonly SenderListKey[], now: number): Promise<SenderListEntry[]>;
  /** Removes the key's entry when it is on `list`; returns what was removed, or undefined. */
  remove(key: SenderListKey, list: SenderListName): Promise<SenderListEntry | undefined>;
  /** The list's entries, newest first, at most `limit`. */
  list(list: SenderListName, now: number, limit: number): Promise<ListedEntries>;
  /** Removes up to `limit` entries expired at `now` and returns them; each is returned once, to one caller. */
  sweep(now: number, limit: number): Promise<SenderListEntry[]>;
}
