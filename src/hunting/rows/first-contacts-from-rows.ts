import { compileMembership, trimmedLowerCase } from '../../detection/policy/tenant-membership';
import { dedupeKey } from '../../signals/first-contact-signal';
import type { FirstContactQueryName } from '../queries/hunting-query-specs';
import { chatCreatedContacts } from './chat-created-rows';
import type { HuntedContact, RowContacts, RowContext } from './hunted-contact';
import { externalMessageContacts, impersonationContacts } from './message-rows';
import { type HuntingRow, ignoreSkips, type OnRowSkip } from './row-values';

export type { HuntedContact } from './hunted-contact';

/** The tenant policy and the time of the answer. */
export interface FirstContactRowOptions {
  homeTenantId: string;
  /** Partner tenants (TRUSTED_TENANT_IDS): their members are neither senders nor recipients. */
  trustedTenantIds: readonly string[];
  /** When the answer came (ms since the epoch): each signal's receivedAt. */
  receivedAt: number;
  /** Told of every row left out and why; nothing by default. */
  onSkip?: OnRowSkip;
}

const INTERPRETERS: {
  readonly [name in FirstContactQueryName]: (row: HuntingRow, context: RowContext) => RowContacts;
} = {
  'chat-created': chatCreatedContacts,
  'impersonation-detected': impersonationContacts,
  'external-messages': externalMessageContacts,
};

const isRow = (row: unknown): row is HuntingRow =>
  row !== null && typeof row === 'object' && !Array.isArray(row);

/** Two sightings of one contact: the earlier stands, and Teams' impersonation verdict is kept from either. */
const merged = (kept: HuntedContact, seen: HuntedContact): HuntedContact => {
  const first = Date.parse(seen.signal.observedAt) < Date.parse(kept.signal.observedAt) ? seen : kept;
  if (!kept.impersonation && !seen.impersonation) return first;
  return { signal: { ...first.signal, teamsImpersonation: true }, impersonation: true };
};

/**
 * The first contacts in one answer of a first-contact query (chat-created,
 * impersonation-detected, external-messages): one signal (source `defender`) per home-tenant
 * recipient and chat, IDs lower-cased as fromWebhook has them, each with whether Teams flagged
 * the sender as an impersonator. Chats of the home and trusted tenants only give none. A
 * contact several rows show (every message of a chat) comes once, at its earliest. Malformed
 * rows are skipped and reported to `onSkip`, never thrown.
 */
export const firstContactsFromRows = (
  query: FirstContactQueryName,
  rows: readonly unknown[],
  options: FirstContactRowOptions,
): HuntedContact[] => {
  const context: RowContext = {
    home: trimmedLowerCase(options.homeTenantId),
    membership: compileMembership(options.homeTenantId, options.trustedTenantIds),
    receivedAt: options.receivedAt,
  };
  const onSkip = options.onSkip ?? ignoreSkips;
  const interpret = INTERPRETERS[query];
  const contacts = new Map<string, HuntedContact>();
  rows.forEach((row, index) => {
    const result: RowContacts = isRow(row) ? interpret(row, context) : { skip: 'row_invalid' };
    if (!Array.isArray(result)) {
      onSkip({ index, reason: result.skip });
      return;
    }
    for (const contact of result) {
      const key = dedupeKey(contact.signal);
      const kept = contacts.get(key);
      contacts.set(key, kept ? merged(kept, contact) : contact);
    }
  });
  return [...contacts.values()];
};
