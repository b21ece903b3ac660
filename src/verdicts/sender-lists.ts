import type { EventPublisher } from '../events/event-publisher';
import type { EventInput } from '../events/schema';
import { message, type Message } from '../i18n/translations';
import type { Logger } from '../log/logger';
import { lookupKeys, type SenderOrigin } from './list-value';
import {
  isExpired,
  listLabel,
  SENDER_LIST_CAPACITY,
  type ListActor,
  type SenderListEntry,
  type SenderListKey,
  type SenderListName,
} from './sender-list-entry';
import { listChangedEvent } from './sender-list-events';
import type { ListedEntries, SenderListStore } from './sender-list-store';
import { decidingEntry } from './sender-list-verdict';

/** Entries a listing returns at most, newest first (the card stays well under Teams' 28 KB). */
export const LIST_PAGE = 15;
/** Expired entries removed per sweep; a sweep runs before each listing and now and then on lookups. */
const SWEEP_LIMIT = 100;
/** Lookups sweep at most this often per process: one first contact must not cost a scan. */
const LOOKUP_SWEEP_EVERY_MS = 60_000;

export interface SenderListsDeps {
  store: SenderListStore;
  events: EventPublisher;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock?: () => number;
  capacity?: number;
}

export interface AddEntryInput {
  list: SenderListName;
  key: SenderListKey;
  reason: string;
  by: ListActor;
  /** Absent: until removed. */
  ttlMs?: number;
  reportId?: string;
  campaignId?: string;
}

export type AddEntryResult =
  | { ok: true; entry: SenderListEntry; previous?: SenderListEntry }
  | { ok: false; reason: 'full'; message: Message };

/** The sender lists as the commands, the triage and the worker use them; every change is an event. */
export interface SenderLists {
  /** Adds (or replaces: one entry per key) an entry; emits `added`, and `removed` for a replaced one on the other list. */
  add(input: AddEntryInput): Promise<AddEntryResult>;
  /** Removes the key from `list`; emits `removed`. Undefined when it is not on that list. */
  remove(list: SenderListName, key: SenderListKey, by: ListActor): Promise<SenderListEntry | undefined>;
  /** The list, newest first, at most LIST_PAGE entries; expired ones are swept first. */
  list(list: SenderListName): Promise<ListedEntries>;
  /** The entry that decides about this sender (see decidingEntry), or undefined when none is listed. */
  match(sender: SenderOrigin): Promise<SenderListEntry | undefined>;
}

/** Builds the lists over a store. Stateless but for the lookup sweep's clock: build one per consumer. */
export const createSenderLists = (deps: SenderListsDeps): SenderLists => {
  const now = deps.clock ?? Date.now;
  const capacity = deps.capacity ?? SENDER_LIST_CAPACITY;
  let lastLookupSweep = Number.NEGATIVE_INFINITY;

  /** The change is stored already: a failure to emit is logged, not thrown (a retry would change it again). */
  const emit = async (input: EventInput): Promise<void> => {
    try {
      await deps.events.emit(input);
    } catch (err) {
      deps.log.error({ err, eventType: input.EventType }, 'sender list event could not be emitted');
    }
  };

  const sweep = async (at: number): Promise<void> => {
    const expired = await deps.store.sweep(at, SWEEP_LIMIT);
    for (const entry of expired) {
      deps.log.info({ list: entry.list, kind: entry.kind, value: entry.value }, 'sender list entry expired');
      await emit(listChangedEvent('expired', entry, null));
    }
  };

  /** What a replaced entry leaves behind: `expired` if it had, `removed` if it was on the other list. */
  const retire = async (previous: SenderListEntry, entry: SenderListEntry, at: number): Promise<void> => {
    if (isExpired(previous, at)) await emit(listChangedEvent('expired', previous, null));
    else if (previous.list !== entry.list)
      await emit(listChangedEvent('removed', previous, entry.addedBy, entry.list));
  };

  return {
    async add(input) {
      const at = now();
      const entry: SenderListEntry = {
        list: input.list,
        kind: input.key.kind,
        value: input.key.value,
        reason: input.reason,
        addedBy: input.by,
        addedAt: at,
        ...(input.ttlMs === undefined ? {} : { expiresAt: at + input.ttlMs }),
        ...(input.reportId === undefined ? {} : { reportId: input.reportId }),
        ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
      };
      const stored = await deps.store.put(entry, capacity);
      if (!stored.ok)
        return {
          ok: false,
          reason: 'full',
          message: message('security.lists.full', { capacity }),
        };
      deps.log.info(
        { list: entry.list, kind: entry.kind, value: entry.value, byObjectId: entry.addedBy.aadObjectId },
        `added to the ${listLabel(entry.list)}`,
      );
      if (stored.previous) await retire(stored.previous, entry, at);
      await emit(listChangedEvent('added', entry, entry.addedBy));
      return stored.previous ? { ok: true, entry, previous: stored.previous } : { ok: true, entry };
    },

    async remove(list, key, by) {
      await sweep(now());
      const removed = await deps.store.remove(key, list);
      if (!removed) return undefined;
      deps.log.info(
        { list, kind: key.kind, value: key.value, byObjectId: by.aadObjectId },
        `removed from the ${listLabel(list)}`,
      );
      await emit(listChangedEvent('removed', removed, by));
      return removed;
    },

    async list(list) {
      const at = now();
      await sweep(at);
      return deps.store.list(list, at, LIST_PAGE);
    },

    async match(sender) {
      const at = now();
      if (at - lastLookupSweep >= LOOKUP_SWEEP_EVERY_MS) {
        lastLookupSweep = at;
        await sweep(at);
      }
      const keys = lookupKeys(sender);
      return keys.length === 0 ? undefined : decidingEntry(await deps.store.get(keys, at));
    },
  };
};
