import { HelpdeskGuardError } from '../errors';
import type { BackoffOptions } from '../events/backoff';
import type { Logger } from '../log/logger';
import { redactUrl } from '../log/redact-url';
import { invalidAnswer } from './graph-error';
import { catalogAppBind, chatPath, userPath } from './graph-paths';
import { createHuntingCalls, type GraphHuntingCalls } from './hunting-calls';
import { type GraphRequestContext, sendGraphRequest } from './send-graph-request';
import { createSubscriptionCalls, type GraphSubscriptionCalls } from './subscriptions/subscription-calls';
import type { GraphTokenProvider } from './token-provider';

/** A user as the bot needs one: object ID, and the names to show and match. */
export interface GraphUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
}

/** A member of a chat as Graph lists it (an aadUserConversationMember). */
export interface GraphChatMember {
  /** The member's Entra object ID; absent for members that are not Entra users. */
  userId?: string;
  displayName?: string;
  /** The tenant of the member's account (another tenant for a federated member). */
  tenantId?: string;
  /** The member's email (usually the UPN), when Graph has it. */
  email?: string;
}

/**
 * The Graph calls the bot makes. Every failure is a GraphError (`code` `graph_failed`).
 * The change-notification subscription calls are declared in {@link GraphSubscriptionCalls},
 * the advanced hunting call in {@link GraphHuntingCalls}.
 */
export interface GraphClient extends GraphSubscriptionCalls, GraphHuntingCalls {
  /**
   * Installs the bot's Teams app in a user's personal scope, so the bot can open a 1:1 chat:
   * POST /v1.0/users/{userId}/teamwork/installedApps with `teamsApp@odata.bind`.
   * 201 -> 'installed', 409 -> 'already_installed'.
   * Needs TeamsAppInstallation.ReadWriteSelfForUser.All.
   */
  installAppForUser(userId: string, catalogAppId: string): Promise<'installed' | 'already_installed'>;
  /**
   * The subset of `groupIds` the user is a direct or transitive member of, in input order:
   * POST /v1.0/users/{userId}/checkMemberGroups, 20 IDs per request as Graph allows.
   * An unknown user (404) is a member of nothing: []. Needs User.Read.All and GroupMember.Read.All.
   */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  /**
   * A user by object ID or UPN (GET /v1.0/users/{upnOrId}?$select=id,displayName,userPrincipalName),
   * or undefined when there is none (404). Needs User.Read.All.
   */
  getUser(upnOrId: string): Promise<GraphUser | undefined>;
  /**
   * The members of a chat (GET /v1.0/chats/{chatId}/members), or undefined when Graph does
   * not know the chat (404). Needs ChatMember.Read.All (application); without it Graph
   * answers 403 and this throws a GraphError saying which permission to grant.
   */
  listChatMembers(chatId: string): Promise<GraphChatMember[] | undefined>;
  /**
   * Removes a user's access to a chat: POST /v1.0/chats/{chatId}/removeAllAccessForUser -> 204.
   * Graph documents this action for delegated Chat.ReadWrite.All only; with an app-only
   * token expect a 403 (the error says so). An unknown chat throws a GraphError with status 404.
   */
  removeAllAccessForUser(chatId: string, userId: string, tenantId: string): Promise<void>;
}

/** How to reach Graph and how hard to try. */
export interface GraphClientOptions {
  /** Graph's origin: https://graph.microsoft.com by default; https://graph.microsoft.us etc. for national clouds. */
  endpoint?: string;
  tokens: GraphTokenProvider;
  log: Logger;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
  /** Attempts per call, the first included; 4 by default. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Per attempt, in ms; 10000 by default. */
  timeoutMs?: number;
}

/** Graph's documented ceiling for one checkMemberGroups request. */
export const CHECK_MEMBER_GROUPS_LIMIT = 20;

/** Defaults: short waits for a bot in a conversation; Retry-After honoured up to a minute. */
export const DEFAULT_GRAPH_BACKOFF: BackoffOptions = Object.freeze({
  baseMs: 500,
  maxMs: 8_000,
  retryAfterMaxMs: 60_000,
});

/** Graph's origin: userinfo, path and query of a configured endpoint are never used (or logged). */
const normaliseEndpoint = (endpoint: string): string => {
  // No cause: the URL parser's error keeps the whole value as its `input`.
  if (!URL.canParse(endpoint)) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `graph: endpoint "${redactUrl(endpoint)}" is not a URL; use e.g. https://graph.microsoft.com`,
    );
  }
  return new URL(endpoint).origin;
};

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * A Graph client for the bot's few calls, over plain fetch (no Graph SDK): bearer token on
 * every request, per-request timeout, retries on 429/503/504 and network errors honouring
 * Retry-After. See {@link GraphClient} for each call's contract and permission.
 */
export const createGraphClient = (options: GraphClientOptions): GraphClient => {
  const endpoint = normaliseEndpoint(options.endpoint ?? 'https://graph.microsoft.com');
  const context: GraphRequestContext = {
    endpoint,
    tokens: options.tokens,
    log: options.log,
    fetch: options.fetch ?? globalThis.fetch,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    backoff: options.backoff ?? DEFAULT_GRAPH_BACKOFF,
    timeoutMs: options.timeoutMs ?? 10_000,
  };

  return {
    ...createSubscriptionCalls(context),
    ...createHuntingCalls(context),

    async installAppForUser(userId, catalogAppId) {
      const response = await sendGraphRequest(context, {
        operation: 'installAppForUser',
        method: 'POST',
        path: `${userPath(userId)}/teamwork/installedApps`,
        body: { 'teamsApp@odata.bind': catalogAppBind(endpoint, catalogAppId) },
        accept: [409],
        what: `install Teams app ${catalogAppId} for user ${userId}`,
      });
      return response.status === 409 ? 'already_installed' : 'installed';
    },

    async checkMemberGroups(userId, groupIds) {
      const unique = [...new Set(groupIds)];
      const found = new Set<string>();
      // Sequential on purpose: the batches share one throttling budget, and most calls fit one batch.
      for (const batch of chunk(unique, CHECK_MEMBER_GROUPS_LIMIT)) {
        const what = `check the group memberships of user ${userId}`;
        const response = await sendGraphRequest(context, {
          operation: 'checkMemberGroups',
          method: 'POST',
          path: `${userPath(userId)}/checkMemberGroups`,
          body: { groupIds: batch },
          accept: [404],
          what,
        });
        if (response.status === 404) return [];
        const value = (response.body as { value?: unknown } | undefined)?.value;
        if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
          throw invalidAnswer('checkMemberGroups', what, response.attempts);
        }
        for (const id of value as string[]) found.add(id);
      }
      return unique.filter((id) => found.has(id));
    },

    async getUser(upnOrId) {
      const what = `look up user ${upnOrId}`;
      const response = await sendGraphRequest(context, {
        operation: 'getUser',
        method: 'GET',
        path: `${userPath(upnOrId)}?$select=id,displayName,userPrincipalName`,
        accept: [404],
        what,
      });
      if (response.status === 404) return undefined;
      const body = response.body as
        { id?: unknown; displayName?: unknown; userPrincipalName?: unknown } | undefined;
      if (typeof body?.id !== 'string') throw invalidAnswer('getUser', what, response.attempts);
      return {
        id: body.id,
        ...(typeof body.displayName === 'string' ? { displayName: body.displayName } : {}),
        ...(typeof body.userPrincipalName === 'string' ? { userPrincipalName: body.userPrincipalName } : {}),
      };
    },

    async listChatMembers(chatId) {
      const what = `list the members of chat ${chatId}`;
      const response = await sendGraphRequest(context, {
        operation: 'listChatMembers',
        method: 'GET',
        path: `${chatPath(chatId)}/members`,
        accept: [404],
        what,
      });
      if (response.status === 404) return undefined;
      const value = (response.body as { value?: unknown } | undefined)?.value;
      if (!Array.isArray(value) || !value.every((member) => typeof member === 'object' && member !== null)) {
        throw invalidAnswer('listChatMembers', what, response.attempts);
      }
      return (value as Array<Record<string, unknown>>).map((member) => ({
        ...(typeof member.userId === 'string' ? { userId: member.userId } : {}),
        ...(typeof member.displayName === 'string' ? { displayName: member.displayName } : {}),
        ...(typeof member.tenantId === 'string' ? { tenantId: member.tenantId } : {}),
        ...(typeof member.email === 'string' ? { email: member.email } : {}),
      }));
    },

    async removeAllAccessForUser(chatId, userId, tenantId) {
      await sendGraphRequest(context, {
        operation: 'removeAllAccessForUser',
        method: 'POST',
        path: `${chatPath(chatId)}/removeAllAccessForUser`,
        body: { user: { '@odata.type': 'microsoft.graph.teamworkUserIdentity', id: userId, tenantId } },
        what: `remove user ${userId} (tenant ${tenantId}) from chat ${chatId}`,
      });
    },
  };
};
