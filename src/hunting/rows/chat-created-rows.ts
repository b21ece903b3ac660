/**
 * chat-created.kql rows (CloudAppEvents ChatCreated with a foreign-tenant member) as first
 * contacts. The audit record names members by UPN; who is home and who is outside comes from
 * each member's OrganizationId where the record has one, else from the directory map the query
 * adds (MemberObjectIds: the members IdentityInfo knows). A recipient needs an Entra object ID,
 * which only that map gives: a chat whose home members it cannot name gives no signal.
 */
import {
  type HuntedSender,
  huntedContacts,
  onlyForeignTenant,
  onlyKnownTenants,
  type RowContacts,
  type RowContext,
} from './hunted-contact';
import { bag, chatThreadId, guid, guidList, type HuntingRow, list, text, time, upn } from './row-values';

interface ChatMember {
  displayName: string | null;
  upn: string | null;
  /** OrganizationId: in real records, not in the published Teams schema. */
  tenantId: string | null;
}

const memberOf = (value: unknown): ChatMember | undefined => {
  const member = bag(value);
  if (!member) return undefined;
  const name = text(member.DisplayName) ?? null;
  const address = upn(member.UPN) ?? null;
  if (!name && !address) return undefined;
  return { displayName: name, upn: address, tenantId: guid(member.OrganizationId) ?? null };
};

/** MemberObjectIds: lower-cased UPN to lower-cased object ID; pairs that are not both valid are left out. */
const directoryOf = (value: unknown): Map<string, string> => {
  const map = new Map<string, string>();
  for (const [key, id] of Object.entries(bag(value) ?? {})) {
    const address = upn(key);
    const objectId = guid(id);
    if (address && objectId) map.set(address, objectId);
  }
  return map;
};

/** The signals of one chat-created row: one per home member the directory names. */
export const chatCreatedContacts = (row: HuntingRow, context: RowContext): RowContacts => {
  const observedAtMs = time(row.Timestamp);
  if (observedAtMs === undefined) return { skip: 'timestamp_invalid' };
  const chat = chatThreadId(row.ChatThreadId);
  if (!chat) return { skip: 'chat_thread_id_invalid' };
  const members = list(row.Members)?.map(memberOf);
  if (!members || members.length < 2 || members.some((member) => !member)) return { skip: 'members_invalid' };
  const tenants = guidList(row.ParticipatingTenantIds);
  if (onlyKnownTenants(context, tenants)) return { skip: 'not_external' };

  const directory = directoryOf(row.MemberObjectIds);
  const foreign = onlyForeignTenant(tenants, context.home);
  // A member of no stated tenant that the directory does not know is outside, and of the chat's
  // one foreign tenant when it has just one (an external one: trusted-only chats ended above).
  const outsideTenant = foreign && context.membership(foreign) === 'external' ? foreign : null;
  const recipients = new Map<string, { aadObjectId: string; upn: string | null }>();
  const outsiders: ChatMember[] = [];
  for (const member of members as ChatMember[]) {
    const inDirectory = member.upn ? directory.get(member.upn) : undefined;
    const kind = member.tenantId
      ? context.membership(member.tenantId)
      : inDirectory
        ? 'internal'
        : 'external';
    if (kind === 'external') outsiders.push({ ...member, tenantId: member.tenantId ?? outsideTenant });
    else if (kind === 'internal' && inDirectory)
      recipients.set(inDirectory, { aadObjectId: inDirectory, upn: member.upn });
  }
  if (outsiders.length === 0) return { skip: 'not_external' };
  // No directory at all (IdentityInfo empty) is an operator's matter; a member it lacks is not.
  if (recipients.size === 0)
    return { skip: directory.size === 0 ? 'recipients_unresolved' : 'recipient_unknown' };

  // The member who created the chat, when they are outside; else one of a known tenant; else the first.
  const creator = upn(row.CreatorUpn);
  const opener =
    outsiders.find((member) => creator !== undefined && member.upn === creator) ??
    outsiders.find((member) => member.tenantId !== null) ??
    outsiders[0]!;
  const sender: HuntedSender = {
    displayName: opener.displayName ?? '',
    upn: opener.upn,
    tenantId: opener.tenantId,
  };
  return huntedContacts(context, {
    chatThreadId: chat,
    observedAtMs,
    sender,
    recipients: [...recipients.values()],
  });
};
