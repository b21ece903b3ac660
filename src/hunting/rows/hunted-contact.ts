import type { Membership } from '../../detection/policy/tenant-membership';
import type { FirstContactSignal } from '../../signals/first-contact-signal';

/** A first contact Defender showed, and whether Teams itself called the sender an impersonator. */
export interface HuntedContact {
  signal: FirstContactSignal;
  /** From TeamsImpersonationDetected: the caller raises the severity (the signal says so too). */
  impersonation: boolean;
}

/** What interpreting one row needs: the home tenant (lower case) and the tenant policy. */
export interface RowContext {
  home: string;
  membership: (tenantId: string | null | undefined) => Membership;
  receivedAt: number;
}

/** A row's first contact, or why the row gives none (a skip reason). */
export type RowContacts = HuntedContact[] | { skip: string };

/** Who a row names as the sender, IDs lower-cased as fromWebhook has them. */
export type HuntedSender = FirstContactSignal['sender'];

/** One signal (source `defender`) per home recipient of a chat, as the Graph source makes them. */
export const huntedContacts = (
  context: RowContext,
  contact: {
    chatThreadId: string;
    observedAtMs: number;
    sender: HuntedSender;
    recipients: ReadonlyArray<{ aadObjectId: string; upn: string | null }>;
    impersonation?: boolean;
  },
): HuntedContact[] =>
  contact.recipients.map((recipient) => ({
    signal: {
      tenantId: context.home,
      chatThreadId: contact.chatThreadId,
      observedAt: new Date(contact.observedAtMs).toISOString(),
      receivedAt: context.receivedAt,
      source: 'defender',
      sender: contact.sender,
      recipient,
      ...(contact.impersonation ? { teamsImpersonation: true as const } : {}),
    },
    impersonation: contact.impersonation ?? false,
  }));

/**
 * The one foreign tenant of a chat, when its participating tenants name exactly one besides the
 * home tenant: then every member from outside is from it. Null when there are none or several.
 */
export const onlyForeignTenant = (tenants: readonly string[], home: string): string | null => {
  const foreign = [...new Set(tenants.filter((tenant) => tenant !== home))];
  return foreign.length === 1 ? foreign[0]! : null;
};

/**
 * Whether a chat's participating tenants are all home or trusted: then nobody in it is external.
 * False when the list is empty (the record did not say).
 */
export const onlyKnownTenants = (context: RowContext, tenants: readonly string[]): boolean =>
  tenants.length > 0 && tenants.every((tenant) => context.membership(tenant) !== 'external');
