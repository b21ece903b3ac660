/**
 * The chat (and member) a Graph change notification is about, read from its `resource`.
 * Graph writes `chats('19:...@unq.gbl.spaces')` and `chats('...')/members('...')` (OData key
 * form, as in Microsoft's published payloads); `chats/19:...` and `chats/19:.../members/...`
 * are accepted too, with or without a leading slash, percent-encoded or not.
 */

/** Teams chat thread IDs, as the signed webhook accepts them (first-contact-signal.ts). */
export const CHAT_THREAD_ID =
  /^19:[A-Za-z0-9_.\-:=]+@(unq\.gbl\.spaces|thread\.v2|thread\.tacv2|thread\.skype)$/;

/** What a notification's `resource` names: a chat, or one membership in a chat. */
export interface ChatResource {
  /** The chat thread ID, case kept (the part before `@` may be base64 and is case-sensitive). */
  chatId: string;
  /** The membership ID for `/members(...)` resources: opaque, as Graph asks; never parsed. */
  memberId?: string;
}

// A key is either an OData string literal ('...' with '' for a quote) or one path segment.
const KEY = String.raw`(?:\('((?:[^']|'')+)'\)|\/([^/()']+))`;
const RESOURCE = new RegExp(String.raw`^\/?chats${KEY}(?:\/members${KEY})?$`, 'i');

const unquote = (literal: string | undefined, segment: string | undefined): string | undefined => {
  const raw = literal !== undefined ? literal.replace(/''/g, "'") : segment;
  if (raw === undefined || !raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed escape is no chat ID Graph would send: the caller treats it as unrecognised.
    return undefined;
  }
};

/**
 * The chat and membership of a `/chats` or `/chats/getAllMembers` notification's resource, or
 * undefined when the resource is something else (a message, a channel, a malformed ID): such
 * a notification is no first contact of this source's, and is dropped without a Graph call.
 */
export const parseChatResource = (resource: unknown): ChatResource | undefined => {
  if (typeof resource !== 'string') return undefined;
  const match = RESOURCE.exec(resource.trim());
  if (!match) return undefined;
  const chatId = unquote(match[1], match[2]);
  if (chatId === undefined || !CHAT_THREAD_ID.test(chatId)) return undefined;
  if (match[3] === undefined && match[4] === undefined) return { chatId };
  const memberId = unquote(match[3], match[4]);
  return memberId === undefined ? undefined : { chatId, memberId };
};
