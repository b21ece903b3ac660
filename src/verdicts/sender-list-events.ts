import type { EventInput, Severity } from '../events/schema';
import type { ListActor, SenderListEntry } from './sender-list-entry';

/** The `Source` of every SenderListChanged event. */
export const SENDER_LISTS_SOURCE = 'sender-lists';

/** What happened to an entry. */
export type ListChange = 'added' | 'removed' | 'expired';

/** Changes that lower protection (a sender no longer warned, or warned less) are Low; the rest Informational. */
const severityOf = (change: ListChange, entry: SenderListEntry): Severity =>
  (change === 'added') === (entry.list === 'allow') ? 'Low' : 'Informational';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The SenderListChanged event of one change. `by` is who made it: the adder, the remover,
 * the analyst whose entry replaced this one; null for an expiry.
 */
export const listChangedEvent = (
  change: ListChange,
  entry: SenderListEntry,
  by: ListActor | null,
  replacedBy?: SenderListEntry['list'],
): EventInput => ({
  EventType: 'SenderListChanged',
  Severity: severityOf(change, entry),
  Source: SENDER_LISTS_SOURCE,
  SenderUPN: entry.kind === 'sender' ? entry.value : null,
  SenderTenantId: entry.kind === 'tenant' ? entry.value : null,
  Details: {
    action: change,
    list: entry.list,
    kind: entry.kind,
    value: entry.value,
    reason: entry.reason,
    byObjectId: by?.aadObjectId ?? null,
    byName: by?.name ?? null,
    addedByObjectId: entry.addedBy.aadObjectId,
    addedByName: entry.addedBy.name,
    addedAt: iso(entry.addedAt),
    expiresAt: iso(entry.expiresAt),
    reportId: entry.reportId ?? null,
    campaignId: entry.campaignId ?? null,
    ...(replacedBy === undefined ? {} : { replacedBy }),
  },
});

/** What a first contact's event says of the entry that decided it (FirstContactDetected Details.senderList). */
export const listedDetails = (entry: SenderListEntry) => ({
  list: entry.list,
  kind: entry.kind,
  value: entry.value,
  reportId: entry.reportId ?? null,
  campaignId: entry.campaignId ?? null,
});
