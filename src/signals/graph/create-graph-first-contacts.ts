/**
 * Graph change notifications on `/chats` and `/chats/getAllMembers` turned into
 * FirstContactSignals. A tenant-wide subscription sees every chat the organisation creates,
 * nearly all internal, so the rule is built to spend a Graph call only where a first
 * contact may be:
 * - a rich chat notification lists its members' tenants: no external, nothing to do, no call;
 * - a member notification about a home or trusted member does nothing unless this process
 *   already knows the chat is external (the external member's own notification, or the chat
 *   notification, is the one that reads the chat and finds every home member);
 * - everything else reads the chat's members once (cached, concurrency-bounded).
 */
import { compileMembership, trimmedLowerCase } from '../../detection/policy/tenant-membership';
import type { GraphClient } from '../../graph';
import type { FirstContactSignal } from '../first-contact-signal';
import { type ChatMemberInfo, completeMember } from './chat-member-data';
import { createChatMemberLookup } from './chat-member-lookup';
import { pickSender, signalsOf, splitMembers } from './classify-chat';
import {
  type GraphFirstContactMetrics,
  type NotificationOutcome,
  noGraphFirstContactMetrics,
} from './graph-first-contact-metrics';
import { type GraphChatNotification, type NotificationPlan, triageNotification } from './triage-notification';

/** Defaults: GRAPH_LOOKUP_CONCURRENCY, GRAPH_LOOKUP_CACHE_TTL_MS, GRAPH_LOOKUP_CACHE_MAX_CHATS. */
export const GRAPH_FIRST_CONTACT_DEFAULTS = Object.freeze({
  concurrency: 8,
  cacheTtlMs: 60_000,
  cacheMaxChats: 1_000,
});

/** What the source needs: the narrowest Graph slice, the tenant policy and its bounds. */
export interface GraphFirstContactsOptions {
  graph: Pick<GraphClient, 'listChatMembers'>;
  homeTenantId: string;
  /** Partner tenants (TRUSTED_TENANT_IDS): their members are neither senders nor recipients. */
  trustedTenantIds: readonly string[];
  /** listChatMembers calls in flight at most; 8 by default. */
  concurrency?: number;
  /** How long a chat's members are reused, in ms; 60 000 by default. */
  cacheTtlMs?: number;
  /** Chats cached at most (oldest dropped first); 1 000 by default. */
  cacheMaxChats?: number;
  now?: () => number;
  metrics?: Partial<GraphFirstContactMetrics>;
}

/** The Graph first-contact source; see {@link createGraphFirstContacts}. */
export interface GraphFirstContacts {
  /**
   * The first contacts one notification reveals: one signal per home-tenant member of a chat
   * with an external member, none for anything else. Rejects with the GraphError when Graph
   * fails other than with 404 (after its own retries), so the durable queue retries the item.
   */
  signalsFor(notification: GraphChatNotification, receivedAt: number): Promise<FirstContactSignal[]>;
  /**
   * Why signalsFor would certainly return nothing for this notification, decided without
   * Graph; undefined when it has to be processed. Lets the notification route drop the
   * organisation's internal chats before queueing them.
   */
  discardReason(notification: GraphChatNotification): NotificationOutcome | undefined;
}

/**
 * Builds the source. `signalsFor` takes a notification already authenticated (clientState,
 * validation tokens) and, for rich notifications, decrypted by the caller into `decrypted`.
 */
export const createGraphFirstContacts = (options: GraphFirstContactsOptions): GraphFirstContacts => {
  const homeTenantId = trimmedLowerCase(options.homeTenantId);
  const membership = compileMembership(homeTenantId, options.trustedTenantIds);
  const metrics: GraphFirstContactMetrics = { ...noGraphFirstContactMetrics, ...options.metrics };
  const lookup = createChatMemberLookup({
    graph: options.graph,
    concurrency: options.concurrency ?? GRAPH_FIRST_CONTACT_DEFAULTS.concurrency,
    cacheTtlMs: options.cacheTtlMs ?? GRAPH_FIRST_CONTACT_DEFAULTS.cacheTtlMs,
    cacheMaxChats: options.cacheMaxChats ?? GRAPH_FIRST_CONTACT_DEFAULTS.cacheMaxChats,
    now: options.now ?? Date.now,
    metrics,
  });
  const triage = (notification: GraphChatNotification): NotificationPlan =>
    triageNotification(notification, { membership, knownMembers: lookup.peek });

  /** The signals of a chat whose members are known; none when it has no external and home pair. */
  const classify = (
    plan: { chatId: string; sender: ChatMemberInfo | null; chatTenantId: string | null },
    members: readonly ChatMemberInfo[],
    observedAt: string,
    receivedAt: number,
  ): FirstContactSignal[] => {
    const { externals, recipients } = splitMembers(members, membership);
    const sender = plan.sender
      ? completeMember(plan.sender, members)
      : pickSender(externals, plan.chatTenantId);
    if (!sender || recipients.length === 0) return [];
    return signalsOf({ homeTenantId, chatId: plan.chatId, sender, recipients, observedAt, receivedAt });
  };

  const signalsFor = async (
    notification: GraphChatNotification,
    receivedAt: number,
  ): Promise<FirstContactSignal[]> => {
    const plan = triage(notification);
    if (plan.kind === 'discard') {
      metrics.notification(plan.reason);
      return [];
    }
    // Member resources carry no creation time (visibleHistoryStartDateTime is not one).
    const observedAt = plan.createdAt ?? new Date(receivedAt).toISOString();
    if (plan.kind === 'known') {
      metrics.notification('external');
      const { chatId, sender, recipient } = plan;
      return signalsOf({ homeTenantId, chatId, sender, recipients: [recipient], observedAt, receivedAt });
    }
    if (plan.members) lookup.remember(plan.chatId, plan.members);
    const members = plan.members ?? (await lookup.members(plan.chatId, plan.sender?.userId));
    if (!members) {
      metrics.notification('unknown_chat');
      return [];
    }
    const signals = classify(plan, members, observedAt, receivedAt);
    metrics.notification(signals.length > 0 ? 'external' : 'internal');
    return signals;
  };

  return {
    signalsFor,
    discardReason: (notification) => {
      const plan = triage(notification);
      return plan.kind === 'discard' ? plan.reason : undefined;
    },
  };
};
