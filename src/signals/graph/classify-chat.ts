/**
 * What makes a first contact, as a plain function: a chat is an external first contact when
 * a member's tenant is neither the home tenant nor a trusted one. Its recipients are the
 * home-tenant members; its sender is one external member.
 */
import type { Membership } from '../../detection/policy/tenant-membership';
import type { FirstContactSignal } from '../first-contact-signal';
import type { ChatMemberInfo } from './chat-member-data';

/** The chat's members sorted by who they are to the organisation. */
export interface ChatSplit {
  /** Members of no known tenant, in Graph's order. A member with no tenant is external. */
  externals: ChatMemberInfo[];
  /** Home-tenant members with an object ID: the people to warn. */
  recipients: Array<ChatMemberInfo & { userId: string }>;
}

/** Splits a member list; trusted-tenant members are neither senders nor recipients. */
export const splitMembers = (
  members: readonly ChatMemberInfo[],
  membership: (tenantId: string | null) => Membership,
): ChatSplit => {
  const split: ChatSplit = { externals: [], recipients: [] };
  for (const member of members) {
    const kind = membership(member.tenantId);
    if (kind === 'external') split.externals.push(member);
    else if (kind === 'internal' && member.userId !== null)
      split.recipients.push(member as ChatMemberInfo & { userId: string });
  }
  return split;
};

/**
 * The external member most likely to have opened the chat, when there are several: one from
 * the tenant the chat was created in (the initiator's), else the first Graph lists. (A member
 * notification names its sender itself: the member added.) One sender per chat, not one
 * signal per external: signals dedupe on (chat, recipient), so a second sender's signal
 * would never be looked at.
 */
export const pickSender = (
  externals: readonly ChatMemberInfo[],
  chatTenantId: string | null,
): ChatMemberInfo | undefined =>
  (chatTenantId ? externals.find((member) => member.tenantId === chatTenantId) : undefined) ?? externals[0];

/** What one first contact is, before it becomes one signal per recipient. */
export interface FirstContact {
  homeTenantId: string;
  chatId: string;
  sender: ChatMemberInfo;
  recipients: ReadonlyArray<ChatMemberInfo & { userId: string }>;
  observedAt: string;
  receivedAt: number;
}

/** One FirstContactSignal per recipient (source `graph`), IDs in lower case as fromWebhook has them. */
export const signalsOf = (contact: FirstContact): FirstContactSignal[] =>
  contact.recipients.map((recipient) => ({
    tenantId: contact.homeTenantId,
    chatThreadId: contact.chatId,
    observedAt: contact.observedAt,
    receivedAt: contact.receivedAt,
    source: 'graph',
    sender: {
      // No name even after reading the chat: the sender's address and tenant still count.
      displayName: contact.sender.displayName ?? '',
      upn: contact.sender.email,
      tenantId: contact.sender.tenantId,
    },
    recipient: { aadObjectId: recipient.userId, upn: recipient.email },
  }));
