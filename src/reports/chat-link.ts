/**
 * Teams chat thread IDs and the links users copy from Teams. A user can report a chat
 * the bot never saw by pasting its link (`report <link>`), because the bot cannot sit in
 * a chat with external users (DESIGN.md).
 */

/**
 * A Teams chat thread ID: `19:<id>@unq.gbl.spaces` (1:1), `@thread.v2` (group, meeting),
 * `@thread.tacv2` (channel, e.g. a shared channel) and legacy `@thread.skype`. The same
 * shape the signal webhook accepts.
 */
const CHAT_THREAD_ID = /^19:[A-Za-z0-9_.\-:=]+@(unq\.gbl\.spaces|thread\.v2|thread\.tacv2|thread\.skype)$/;

/** Hosts Teams puts in links: classic, the new Microsoft 365 domain, and US government clouds. */
const TEAMS_HOSTS = new Set([
  'teams.microsoft.com',
  'teams.cloud.microsoft',
  'gov.teams.microsoft.us',
  'dod.teams.microsoft.us',
]);

/** Path kinds that carry a thread ID: `/l/chat/<thread>/...` and `/l/message/<thread>/<message id>`. */
const LINK_KINDS = new Set(['chat', 'message']);

/** Longest input looked at: a chat link is a few hundred characters; anything far longer is not one. */
const MAX_INPUT_LENGTH = 4_096;

/** True when `value` is a Teams chat thread ID such as `19:abc_def@unq.gbl.spaces`. */
export const isChatThreadId = (value: string): boolean =>
  value.length <= MAX_INPUT_LENGTH && CHAT_THREAD_ID.test(value);

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch (err) {
    // A malformed escape (a lone "%") cannot be a thread ID; say so rather than throw.
    if (err instanceof URIError) return undefined;
    throw err;
  }
};

/**
 * The chat thread ID in a Teams link or a bare thread ID, or undefined when `text` is
 * neither. Accepts `https://teams.microsoft.com/l/chat/19:…@unq.gbl.spaces/0?tenantId=…`,
 * `…/l/chat/<thread>/conversations?context=…`, `…/l/message/<thread>/<message id>?…`,
 * on teams.microsoft.com, teams.cloud.microsoft and the US government hosts, with the
 * thread ID plain or URL-encoded (`19%3Aabc_def%40unq.gbl.spaces`). Any other host
 * (including look-alikes and Safe Links wrappers) and `l/chat/0/0?users=…` (a new-chat
 * link, no thread) give undefined.
 */
export const parseTeamsChatLink = (text: string): string | undefined => {
  const input = text.trim().replace(/^<(.*)>$/s, '$1');
  if (input === '' || input.length > MAX_INPUT_LENGTH) return undefined;
  const bare = decode(input);
  if (bare !== undefined && isChatThreadId(bare)) return bare;

  if (!URL.canParse(input)) return undefined;
  const url = new URL(input);
  if (url.protocol !== 'https:' || !TEAMS_HOSTS.has(url.hostname.toLowerCase())) return undefined;
  // The URL parser keeps percent-escapes in the path: "/l/chat/19%3Aabc%40unq.gbl.spaces/0".
  const [empty, l, kind, thread] = url.pathname.split('/');
  if (empty !== '' || l !== 'l' || !LINK_KINDS.has(kind) || thread === undefined) return undefined;
  const threadId = decode(thread);
  return threadId !== undefined && isChatThreadId(threadId) ? threadId : undefined;
};
