/**
 * The few fields of Graph's chat and aadUserConversationMember resources that decide a first
 * contact, read defensively: a notification's resource data is untrusted JSON, and Graph
 * documents `displayName`, `email` and `tenantId` as nullable (its own decrypted examples
 * carry `displayName: null`).
 */
import { trimmedLowerCase } from '../../detection/policy/tenant-membership';

/** A chat member with every field known or null; IDs and addresses in lower case. */
export interface ChatMemberInfo {
  /** The Entra object ID; null for members that are not Entra users. */
  userId: string | null;
  displayName: string | null;
  /** Graph's `email`: usually the UPN, often null. */
  email: string | null;
  /** The tenant of the member's account; null when Graph gives none. */
  tenantId: string | null;
}

/** What a chat resource (rich `/chats` notification, or its basic resourceData) tells. */
export interface ChatData {
  /** `oneOnOne`, `group`, `meeting`, or null when not given. */
  chatType: string | null;
  /** The tenant in which the chat was created: its external member most likely opened it. */
  tenantId: string | null;
  /** `createdDateTime` as ISO 8601 UTC, or null when absent or unreadable. */
  createdAt: string | null;
  /** The members as the notification lists them, or null when it lists none. */
  members: ChatMemberInfo[] | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plain JSON object, or undefined for anything else (null, arrays, strings). */
export const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** A GUID (tenant or object ID) in lower case, or null for anything else. */
export const guidOf = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const id = trimmedLowerCase(value);
  return GUID.test(id) ? id : null;
};

const addressOf = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const address = trimmedLowerCase(value);
  return ADDRESS.test(address) && address.length <= 256 ? address : null;
};

/** Kept as Graph gives it (the detector reads tricks in it), unless it is blank. */
const nameOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** A member object from a notification or from listChatMembers; undefined when not an object. */
export const memberInfoOf = (raw: unknown): ChatMemberInfo | undefined => {
  const member = objectOf(raw);
  if (!member) return undefined;
  return {
    userId: guidOf(member.userId),
    displayName: nameOf(member.displayName),
    email: addressOf(member.email),
    tenantId: guidOf(member.tenantId),
  };
};

const isoOf = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
};

/** The chat fields of a `/chats` notification's resource data (decrypted or basic). */
export const chatDataOf = (data: Record<string, unknown>): ChatData => {
  const members = Array.isArray(data.members)
    ? data.members.map(memberInfoOf).filter((member): member is ChatMemberInfo => member !== undefined)
    : null;
  return {
    chatType: typeof data.chatType === 'string' ? data.chatType : null,
    tenantId: guidOf(data.tenantId),
    createdAt: isoOf(data.createdDateTime),
    members: members && members.length > 0 ? members : null,
  };
};

/**
 * The member the notification is about, with the blanks filled from the chat's member list
 * (the notification's copy often has no name; the list has it).
 */
export const completeMember = (member: ChatMemberInfo, listed: readonly ChatMemberInfo[]): ChatMemberInfo => {
  const same = member.userId ? listed.find((other) => other.userId === member.userId) : undefined;
  if (!same) return member;
  return {
    userId: member.userId,
    displayName: member.displayName ?? same.displayName,
    email: member.email ?? same.email,
    tenantId: member.tenantId ?? same.tenantId,
  };
};
