/**
 * The sender verdict lists: what the security team decided about a sender, a sender's
 * tenant or a sender's domain. `block` makes a later first contact a High warning that
 * says the security team reported it; `allow` keeps a later first contact from warning.
 */

export const SENDER_LIST_NAMES = ['block', 'allow'] as const;
/** Which list an entry is on. */
export type SenderListName = (typeof SENDER_LIST_NAMES)[number];

export const SENDER_LIST_KINDS = ['sender', 'tenant', 'domain'] as const;
/**
 * What an entry names: `sender` a UPN (lower-cased), `tenant` an Entra tenant ID
 * (lower-cased GUID), `domain` the domain part of UPNs (lower-cased).
 */
export type SenderListKind = (typeof SENDER_LIST_KINDS)[number];

/** One listed value; one entry per key, on one list at a time. */
export interface SenderListKey {
  kind: SenderListKind;
  /** Normalised: see normaliseListValue (list-value.ts). */
  value: string;
}

/** A security team member who changed a list (the tapping or typing user, never card data). */
export interface ListActor {
  aadObjectId: string;
  name: string;
}

export interface SenderListEntry extends SenderListKey {
  list: SenderListName;
  /** Why, in the analyst's words or the triage's ("Report rpt-… triaged malicious"). */
  reason: string;
  addedBy: ListActor;
  /** ms since the epoch. */
  addedAt: number;
  /** ms since the epoch; absent: until removed. */
  expiresAt?: number;
  /** The report whose triage added it. */
  reportId?: string;
  /** The campaign of that report: later contacts the entry matches join it. */
  campaignId?: string;
}

/** Most entries the two lists hold together: every lookup is a few keys, and listing is paged. */
export const SENDER_LIST_CAPACITY = 10_000;

/** The store field of a key: `sender:it@x.onmicrosoft.com`, `tenant:<guid>`, `domain:x.com`. */
export const entryField = (key: SenderListKey): string => `${key.kind}:${key.value}`;

/** True when the entry has expired at `now` (it is then ignored, and swept with an `expired` event). */
export const isExpired = (entry: Pick<SenderListEntry, 'expiresAt'>, now: number): boolean =>
  entry.expiresAt !== undefined && entry.expiresAt <= now;

/** "blocklist" / "allowlist", as the commands and cards name them. */
export const listLabel = (list: SenderListName): string => `${list}list`;
