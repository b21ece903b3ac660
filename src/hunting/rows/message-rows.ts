/**
 * impersonation-detected.kql and external-messages.kql rows as first contacts: Teams' own
 * impersonation verdict (CloudAppEvents TeamsImpersonationDetected) and messages from
 * outsiders in chats another organisation owns (MessageEvents).
 */
import {
  type HuntedSender,
  huntedContacts,
  onlyForeignTenant,
  type RowContacts,
  type RowContext,
} from './hunted-contact';
import {
  bag,
  chatThreadId,
  flag,
  guid,
  guidList,
  type HuntingRow,
  list,
  text,
  time,
  upn,
} from './row-values';

/**
 * One TeamsImpersonationDetected row. Microsoft does not publish its record's fields, so each
 * is read if present: RawEventData.ChatThreadId, Sender.DisplayName / UPN (and a tenant as
 * Sender.OrganizationId or the chat's one foreign tenant), UserId (the user contacted, whose
 * object ID AccountObjectId is). Without a chat thread or a recipient ID the row is skipped.
 */
export const impersonationContacts = (row: HuntingRow, context: RowContext): RowContacts => {
  const observedAtMs = time(row.Timestamp);
  if (observedAtMs === undefined) return { skip: 'timestamp_invalid' };
  const raw = bag(row.RawEventData);
  if (!raw) return { skip: 'raw_event_data_invalid' };
  const chat = chatThreadId(raw.ChatThreadId);
  if (!chat) return { skip: 'chat_thread_id_missing' };
  const recipientId = guid(row.AccountObjectId);
  if (!recipientId) return { skip: 'recipient_object_id_missing' };
  const from = bag(raw.Sender) ?? {};
  const displayName = text(from.DisplayName) ?? null;
  const senderUpn = upn(from.UPN) ?? null;
  if (!displayName && !senderUpn) return { skip: 'sender_missing' };
  const tenantId =
    guid(from.OrganizationId) ??
    guid(from.TenantId) ??
    onlyForeignTenant(guidList(bag(raw.ParticipantInfo)?.ParticipatingTenantIds), context.home);
  // Teams flags external senders only; a sender of a tenant we know is not one to warn about.
  if (tenantId && context.membership(tenantId) !== 'external') return { skip: 'not_external' };
  const sender: HuntedSender = { displayName: displayName ?? '', upn: senderUpn, tenantId };
  const recipient = { aadObjectId: recipientId, upn: upn(raw.UserId) ?? upn(row.AccountId) ?? null };
  return huntedContacts(context, {
    chatThreadId: chat,
    observedAtMs,
    sender,
    recipients: [recipient],
    impersonation: true,
  });
};

/**
 * One external-messages row: the sender is outside (the thread is external and not owned
 * here), the recipients are RecipientDetails' object IDs. DirectoryObjectIds, when the query
 * found any, are the IDs this organisation's directory knows: a sender among them is a home
 * user writing in someone else's chat (skipped), a recipient not among them is not home. The
 * sender's tenant is unknown: MessageEvents has no tenant column.
 */
export const externalMessageContacts = (row: HuntingRow, context: RowContext): RowContacts => {
  const observedAtMs = time(row.Timestamp);
  if (observedAtMs === undefined) return { skip: 'timestamp_invalid' };
  const chat = chatThreadId(row.ThreadId);
  if (!chat) return { skip: 'chat_thread_id_invalid' };
  if (flag(row.IsExternalThread) !== true || flag(row.IsOwnedThread) !== false)
    return { skip: 'not_external' };
  const directory = new Set(guidList(row.DirectoryObjectIds));
  const senderId = guid(row.SenderObjectId);
  if (senderId && directory.has(senderId)) return { skip: 'home_sender' };
  const displayName = text(row.SenderDisplayName) ?? null;
  const senderUpn = upn(row.SenderEmailAddress) ?? null;
  if (!displayName && !senderUpn) return { skip: 'sender_missing' };
  const details = list(row.RecipientDetails);
  if (!details) return { skip: 'recipient_details_invalid' };
  const recipients = new Map<string, { aadObjectId: string; upn: string | null }>();
  for (const detail of details) {
    const entry = bag(detail);
    const id = guid(entry?.RecipientObjectId);
    if (!id || id === senderId || recipients.has(id) || (directory.size > 0 && !directory.has(id))) continue;
    recipients.set(id, { aadObjectId: id, upn: upn(entry?.RecipientSmtpAddress) ?? null });
  }
  if (recipients.size === 0) return { skip: 'no_home_recipient' };
  const sender: HuntedSender = { displayName: displayName ?? '', upn: senderUpn, tenantId: null };
  return huntedContacts(context, {
    chatThreadId: chat,
    observedAtMs,
    sender,
    recipients: [...recipients.values()],
  });
};
