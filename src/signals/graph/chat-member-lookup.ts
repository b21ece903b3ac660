/**
 * A chat's members from Graph, at most `concurrency` calls at once, with a short per-chat
 * cache: one chat created with three members raises a chat notification and three member
 * notifications within a second, and all of them should cost one GET /chats/{id}/members.
 * The cache serves one process only; each replica keeps its own.
 */
import type { GraphChatMember, GraphClient } from '../../graph';
import { type ChatMemberInfo, memberInfoOf } from './chat-member-data';
import type { GraphFirstContactMetrics } from './graph-first-contact-metrics';
import { limitConcurrency } from './limit-concurrency';

/** How the lookups are bounded. */
export interface ChatMemberLookupOptions {
  graph: Pick<GraphClient, 'listChatMembers'>;
  concurrency: number;
  cacheTtlMs: number;
  cacheMaxChats: number;
  now: () => number;
  metrics: GraphFirstContactMetrics;
}

/** Members, or null for a chat Graph does not know (404). */
type Members = ChatMemberInfo[] | null;

interface Entry {
  /** When the answer arrived; a pending entry does not expire. */
  at: number;
  pending?: Promise<Members>;
  members?: Members;
}

/** The cached, bounded, concurrency-limited members of chats. */
export interface ChatMemberLookup {
  /**
   * The chat's members (undefined when Graph does not know the chat), from the cache when a
   * fresh answer holds `mustInclude` (a member just added may postdate it), else from Graph.
   * Graph failures other than 404 reject with the GraphError, uncached.
   */
  members(chatId: string, mustInclude?: string | null): Promise<ChatMemberInfo[] | undefined>;
  /** The fresh cached members of a chat, without asking Graph; undefined when there are none. */
  peek(chatId: string): ChatMemberInfo[] | undefined;
  /** Records members Graph itself sent (a rich chat notification), as a lookup would. */
  remember(chatId: string, members: ChatMemberInfo[]): void;
}

const infoOf = (members: readonly GraphChatMember[]): ChatMemberInfo[] =>
  members.map(memberInfoOf).filter((member): member is ChatMemberInfo => member !== undefined);

/** Builds the lookup; see {@link ChatMemberLookup}. */
export const createChatMemberLookup = (options: ChatMemberLookupOptions): ChatMemberLookup => {
  const { graph, cacheTtlMs, cacheMaxChats, now, metrics } = options;
  const limit = limitConcurrency(options.concurrency, metrics.inFlight);
  // A Map iterates in insertion order: the first key is the oldest entry.
  const cache = new Map<string, Entry>();

  const put = (chatId: string, entry: Entry): void => {
    cache.delete(chatId);
    cache.set(chatId, entry);
    while (cache.size > cacheMaxChats) cache.delete(cache.keys().next().value as string);
  };

  const fresh = (chatId: string): Entry | undefined => {
    const entry = cache.get(chatId);
    if (!entry) return undefined;
    if (entry.pending || now() - entry.at < cacheTtlMs) return entry;
    cache.delete(chatId);
    return undefined;
  };

  const fetchMembers = async (chatId: string): Promise<Members> => {
    try {
      const listed = await limit(() => graph.listChatMembers(chatId));
      metrics.lookup(listed === undefined ? 'not_found' : 'found');
      return listed === undefined ? null : infoOf(listed);
    } catch (err) {
      metrics.lookup('failed');
      throw err;
    }
  };

  const lookUp = (chatId: string): Promise<Members> => {
    const pending = fetchMembers(chatId);
    const entry: Entry = { at: now(), pending };
    put(chatId, entry);
    return pending.then(
      (members) => {
        if (cache.get(chatId) === entry) put(chatId, { at: now(), members });
        return members;
      },
      (err: unknown) => {
        // Not cached: the queue retries the item, and the retry must ask Graph again.
        if (cache.get(chatId) === entry) cache.delete(chatId);
        throw err;
      },
    );
  };

  return {
    async members(chatId, mustInclude) {
      const entry = fresh(chatId);
      if (entry?.pending) {
        metrics.cacheHit();
        return (await entry.pending) ?? undefined;
      }
      if (entry && (!mustInclude || entry.members?.some((member) => member.userId === mustInclude))) {
        metrics.cacheHit();
        return entry.members ?? undefined;
      }
      return (await lookUp(chatId)) ?? undefined;
    },
    peek(chatId) {
      const entry = fresh(chatId);
      return entry?.members ?? undefined;
    },
    remember(chatId, members) {
      if (!fresh(chatId)?.pending) put(chatId, { at: now(), members });
    },
  };
};
