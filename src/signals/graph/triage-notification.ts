/**
 * The first, cheap step for every notification: what it is about and whether Graph must be
 * asked. No I/O; the cache is only peeked at.
 */
import type { Membership } from '../../detection/policy/tenant-membership';
import { type ChatMemberInfo, chatDataOf, guidOf, memberInfoOf, objectOf } from './chat-member-data';
import { pickSender, splitMembers } from './classify-chat';
import type { NotificationOutcome } from './graph-first-contact-metrics';
import { parseChatResource } from './parse-chat-resource';

/** One change notification, authenticated and, when rich, decrypted by the caller. */
export interface GraphChatNotification {
  /** e.g. `chats('19:...@unq.gbl.spaces')` or `chats('19:...')/members('...')`. */
  resource: string;
  /** Graph's payloads say `created` or `Created`: compared without case. */
  changeType: string;
  /** The notification's resourceData (`id`, `@odata.type`, sometimes more). */
  resourceData?: unknown;
  /** The decrypted `encryptedContent.data` of a rich notification: a chat or a member. */
  decrypted?: unknown;
  /** The tenant the notification was sent for. */
  tenantId?: string;
}

/** What to do with one notification. */
export type NotificationPlan =
  | { kind: 'discard'; reason: NotificationOutcome }
  /** A home member added to a chat this process knows (from a recent read) to be external. */
  | {
      kind: 'known';
      chatId: string;
      /** The external member the earlier read chose. */
      sender: ChatMemberInfo;
      /** The home member just added. */
      recipient: ChatMemberInfo & { userId: string };
      createdAt: null;
    }
  /** Classify the chat: from `members` when the notification gave them all, else by reading it. */
  | {
      kind: 'read';
      chatId: string;
      members: ChatMemberInfo[] | null;
      /** The external member a member notification is about: the sender. */
      sender: ChatMemberInfo | null;
      chatTenantId: string | null;
      createdAt: string | null;
    };

/** The tenant policy and the cache, as triage needs them. */
export interface TriageContext {
  membership: (tenantId: string | null) => Membership;
  knownMembers: (chatId: string) => ChatMemberInfo[] | undefined;
}

const discard = (reason: NotificationOutcome): NotificationPlan => ({ kind: 'discard', reason });

const read = (
  chatId: string,
  members: ChatMemberInfo[] | null,
  more: { sender?: ChatMemberInfo; chatTenantId?: string | null; createdAt?: string | null } = {},
): NotificationPlan => ({
  kind: 'read',
  chatId,
  members,
  sender: more.sender ?? null,
  chatTenantId: more.chatTenantId ?? null,
  createdAt: more.createdAt ?? null,
});

const isCreated = (changeType: unknown): boolean =>
  typeof changeType === 'string' && changeType.trim().toLowerCase() === 'created';

/** Plans one notification; see {@link NotificationPlan}. */
export const triageNotification = (
  notification: GraphChatNotification,
  context: TriageContext,
): NotificationPlan => {
  const { membership } = context;
  if (!isCreated(notification.changeType)) return discard('not_created');
  if (notification.tenantId !== undefined) {
    // The app serves its home tenant only; a multi-tenant registration could receive others'.
    if (membership(guidOf(notification.tenantId)) !== 'internal') return discard('other_tenant');
  }
  const resource = parseChatResource(notification.resource);
  if (!resource) return discard('unrecognised');
  const { chatId } = resource;
  // The decrypted resource is the full one; resourceData fills in what it lacks.
  const data = { ...objectOf(notification.resourceData), ...objectOf(notification.decrypted) };

  if (resource.memberId === undefined) {
    const chat = chatDataOf(data);
    const about = { chatTenantId: chat.tenantId, createdAt: chat.createdAt };
    // A member of no stated tenant may be anyone: only Graph's own list can say.
    if (!chat.members || chat.members.some((member) => member.tenantId === null))
      return read(chatId, null, about);
    const { externals, recipients } = splitMembers(chat.members, membership);
    // No external, or no one of ours to warn: nothing to do, whoever else is in it.
    if (externals.length === 0 || recipients.length === 0) return discard('internal');
    // Graph's rich chat payloads usually carry no names: then the chat is read for them.
    const named = externals.every((member) => member.displayName !== null);
    return read(chatId, named ? chat.members : null, about);
  }

  const member = memberInfoOf(data);
  // A basic member notification names no one: the chat has to be read.
  if (!member || member.tenantId === null) return read(chatId, null);
  const kind = membership(member.tenantId);
  if (kind === 'external') return read(chatId, null, { sender: member });
  const known = kind === 'internal' && member.userId !== null ? context.knownMembers(chatId) : undefined;
  const sender = known ? pickSender(splitMembers(known, membership).externals, null) : undefined;
  if (sender && member.userId !== null) {
    const recipient = { ...member, userId: member.userId };
    return { kind: 'known', chatId, sender, recipient, createdAt: null };
  }
  return discard('internal_member');
};
