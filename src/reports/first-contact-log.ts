/**
 * The first contacts the bot saw, per user: which external sender opened which chat with
 * whom, the verdict, the warnings sent and the verification attempts made about it. A
 * report tap is checked against this log (card data is never trusted), the typed `report`
 * lists from it, and the security card shows it.
 */

/** Who opened the chat, as the signal described them. */
export interface ContactSender {
  displayName: string;
  upn: string | null;
  tenantId: string | null;
}

/** A warning about this chat sent (or not) to the recipient. */
export interface WarningRecord {
  /** ms since the epoch. */
  at: number;
  delivered: boolean;
}

/** A verification attempt the recipient made in this chat. */
export interface VerificationAttemptRecord {
  at: number;
  /** A reason such as 'ok', 'wrong', 'expired', 'used', 'locked_out'; never the code itself. */
  outcome: string;
}

/** What is recorded when a first contact is seen. */
export interface FirstContactInput {
  /** The home tenant (the recipient's). */
  tenantId: string;
  recipientId: string;
  recipientUpn?: string;
  chatThreadId: string;
  sender: ContactSender;
  /** When the contact was observed, ms since the epoch. */
  observedAt: number;
  verdict: 'warn' | 'none';
  score: number;
  reasons: string[];
  campaignId?: string;
}

/** One logged first contact, with what happened about it since. */
export interface FirstContactEntry extends FirstContactInput {
  warnings: WarningRecord[];
  verificationAttempts: VerificationAttemptRecord[];
}

/** A first contact of another user by the same sender or sender tenant (a campaign). */
export interface SenderContact {
  recipientId: string;
  recipientUpn?: string;
  chatThreadId: string;
  observedAt: number;
}

/** How long entries are kept: long enough to report and triage a chat, short enough to forget. */
export const FIRST_CONTACT_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** Most entries recent() returns: the typed `report` card lists them all. */
export const RECENT_LIMIT = 20;

/** Most contacts bySender() returns: the security card shows a campaign's extent, not all of it. */
export const SENDER_CONTACTS_LIMIT = 50;

/**
 * The first-contact log port. Memory serves one process; Redis serves any number of
 * replicas. Both pass test/integration/reports/first-contact-log.contract.test.ts.
 * Tenant and object IDs are compared lower-cased; thread IDs as given.
 */
export interface FirstContactLog {
  /**
   * Records a first contact. The first record of a (recipient, chat) wins: a repeat (the
   * same contact from another source) only fills in a missing campaign ID and raises a
   * 'none' verdict to 'warn'. True when this call created the entry.
   */
  record(input: FirstContactInput): Promise<boolean>;
  get(tenantId: string, recipientId: string, chatThreadId: string): Promise<FirstContactEntry | undefined>;
  /** The recipient's entries observed at or after `sinceMs` (epoch ms), newest first, at most RECENT_LIMIT. */
  recent(tenantId: string, recipientId: string, sinceMs: number): Promise<FirstContactEntry[]>;
  /** Appends a warning to an entry; false (nothing written) when there is no such entry. */
  recordWarning(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    warning: WarningRecord,
  ): Promise<boolean>;
  /** Appends a verification attempt to an entry; false (nothing written) when there is no such entry. */
  recordVerificationAttempt(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    attempt: VerificationAttemptRecord,
  ): Promise<boolean>;
  /**
   * Contacts observed at or after `sinceMs` by the same sender UPN or from the same sender
   * tenant, newest first, at most SENDER_CONTACTS_LIMIT, each (recipient, chat) once.
   */
  bySender(tenantId: string, sender: ContactSender, sinceMs: number): Promise<SenderContact[]>;
}

/** Lower-cased and trimmed: Entra IDs and UPNs arrive in either case from different sources. */
export const normId = (id: string): string => id.trim().toLowerCase();

/** The index keys of a sender: by UPN and by tenant, where known. */
export const senderIndexKeys = (sender: ContactSender): string[] => [
  ...(sender.upn ? [`upn:${normId(sender.upn)}`] : []),
  ...(sender.tenantId ? [`tenant:${normId(sender.tenantId)}`] : []),
];
