import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGraphHunting } from './fake-graph-hunting';
import {
  FakeGraphSubscriptions,
  type FakeSubscriptionRoute,
  matchSubscriptionRoute,
} from './fake-graph-subscriptions';

/** The bearer token FakeGraph accepts unless told another. */
export const DUMMY_GRAPH_TOKEN = 'dummy-graph-token-7f3a';

/** The routes FakeGraph serves; `unknown` for anything else (answered 400, as Graph does). */
export type FakeGraphRoute =
  | 'installApp'
  | 'checkMemberGroups'
  | 'getUser'
  | 'listChatMembers'
  | 'removeAllAccessForUser'
  | FakeSubscriptionRoute
  | 'runHuntingQuery'
  | 'unknown';

/** Options of FakeGraph beyond its token. */
export interface FakeGraphOptions {
  /** The clock subscriptions expire by; Date.now by default (tests of renewal pass their own). */
  now?: () => number;
  /** The tenant lifecycle notifications name. */
  tenantId?: string;
}

/** The tenant FakeGraph's lifecycle notifications come from unless told another. */
export const DUMMY_GRAPH_TENANT_ID = 'f5b0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

/** One request as FakeGraph received and answered it. */
export interface FakeGraphCall {
  method: string;
  /** The raw request target, path and query, still percent-encoded. */
  url: string;
  route: FakeGraphRoute;
  /** The decoded user ID/UPN or chat ID from the path. */
  key?: string;
  authorization?: string;
  /**
   * Who made the call: 'app' for the app-only token, the user's object ID for a registered
   * delegated token; undefined without a token or with an unknown one.
   */
  principal?: 'app' | string;
  contentType?: string;
  clientRequestId?: string;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** What FakeGraph answered. */
  status: number;
  at: number;
}

/** A user in the fake directory. */
export interface FakeGraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
}

/** A chat member: an Entra user and the tenant the account belongs to. */
export interface FakeChatMember {
  userId: string;
  tenantId: string;
  displayName?: string;
  /** Graph's `email` of the member (null when absent, as Graph answers for many accounts). */
  email?: string;
}

/** The signed-in user a delegated token was issued for, and the scopes it carries. */
export interface FakeDelegatedUser {
  aadObjectId: string;
  tenantId: string;
  scopes: string[];
}

/** The only delegated permission Graph documents for removeAllAccessForUser. */
const CHAT_READWRITE_ALL = 'Chat.ReadWrite.All';

interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  error?: { code: string; message: string };
  delayMs?: number;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'serviceNotAvailable',
  504: 'GatewayTimeout',
};

const graphError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Answer => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
  headers,
});

const badRequest = (message: string): Answer => graphError(400, 'BadRequest', message);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stand-in for Microsoft Graph v1.0 on loopback, for the five calls of src/graph, with an
 * in-memory directory. It follows Graph's documented contract: a bearer token is required
 * (401 `InvalidAuthenticationToken` without the right one), errors are
 * `{"error": {"code", "message"}}`, unknown users answer 404 `Request_ResourceNotFound`,
 * a second install 409, bad bodies 400, and every answer carries `request-id`.
 *
 * ```ts
 * const graph = await new FakeGraph().start();
 * graph.addUser({ id: dummyUserId, userPrincipalName: 'alice@contoso.com' });
 * graph.addCatalogApp(dummyCatalogAppId);
 * graph.failNext(429, { 'Retry-After': '1' });        // then the real answer
 * const client = createGraphClient({ endpoint: graph.url, tokens: { getToken: async () => DUMMY_GRAPH_TOKEN }, log });
 * ...
 * await graph.stop();
 * ```
 * Tokens: the constructor's token is the app-only token, accepted everywhere except
 * removeAllAccessForUser, which Graph offers with the delegated permission Chat.ReadWrite.All
 * only: there the app token gets 403 `Forbidden`, and only a token registered with
 * {@link addDelegatedToken} whose scopes include Chat.ReadWrite.All is served. A delegated
 * token on any other route is answered 401 like an unknown token.
 *
 * Routes: POST /v1.0/users/{id|upn}/teamwork/installedApps, POST /v1.0/users/{id|upn}/checkMemberGroups,
 * GET /v1.0/users/{id|upn} and /v1.0/users('{upn}') (honours $select),
 * GET /v1.0/chats/{chatId}/members (404 for an unknown chat; 403 after `withoutPermission`),
 * POST /v1.0/chats/{chatId}/removeAllAccessForUser.
 * Subscriptions (/v1.0/subscriptions...) are served by {@link FakeGraphSubscriptions}, reached
 * through `graph.subscriptions` to expire, remove or notify them.
 * POST /v1.0/security/runHuntingQuery is served by {@link FakeGraphHunting}, reached through
 * `graph.hunting` to register tables of rows and script throttling.
 */
export class FakeGraph {
  /** Every request, in arrival order, answered or not. */
  readonly calls: FakeGraphCall[] = [];
  private readonly users = new Map<string, FakeGraphUser>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly catalogApps = new Set<string>();
  private readonly installed = new Map<string, Set<string>>();
  private readonly chats = new Map<string, FakeChatMember[]>();
  private readonly script: ScriptedAnswer[] = [];
  private readonly routeScript = new Map<FakeGraphRoute, ScriptedAnswer[]>();
  private readonly denied = new Set<FakeGraphRoute>();
  private readonly delegated = new Map<string, FakeDelegatedUser>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;

  /** Change-notification subscriptions: the documented checks, the handshake, lifecycle notifications. */
  readonly subscriptions: FakeGraphSubscriptions;

  /** Advanced hunting: registered tables, the row cap, scripted 429s and 400s. */
  readonly hunting = new FakeGraphHunting(() => this.url);

  /** @param token the only bearer token accepted; {@link DUMMY_GRAPH_TOKEN} by default. */
  constructor(
    private readonly token: string = DUMMY_GRAPH_TOKEN,
    options: FakeGraphOptions = {},
  ) {
    this.subscriptions = new FakeGraphSubscriptions({
      now: options.now ?? Date.now,
      baseUrl: () => this.url,
      tenantId: options.tenantId ?? DUMMY_GRAPH_TENANT_ID,
      appId: randomUUID(),
    });
  }

  /** The origin to use as the client's `endpoint`, e.g. http://127.0.0.1:50123. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeGraph is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Stops listening, drops held (delayed) answers and open connections. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds a user, found by ID or (case-insensitively) by UPN. */
  addUser(user: FakeGraphUser): this {
    this.users.set(user.id, { ...user });
    return this;
  }

  /** Adds a security group; members are user IDs or group IDs (nesting makes membership transitive). */
  addGroup(groupId: string, memberIds: string[]): this {
    this.groups.set(groupId, new Set(memberIds));
    return this;
  }

  /**
   * Accepts `token` as a delegated (signed-in user) token of this user with these scopes,
   * as Entra ID would issue it through the on-behalf-of flow (e.g. by FakeTokenService).
   */
  addDelegatedToken(token: string, user: FakeDelegatedUser): this {
    this.delegated.set(token, { ...user, scopes: [...user.scopes] });
    return this;
  }

  /** Publishes an app in the tenant's catalog under its catalog (not manifest) ID. */
  addCatalogApp(catalogAppId: string): this {
    this.catalogApps.add(catalogAppId);
    return this;
  }

  /** Marks an app as already installed for a user (the next install answers 409). */
  preinstall(userId: string, catalogAppId: string): this {
    this.installedSet(userId).add(catalogAppId);
    return this;
  }

  /** Adds a chat with its members. */
  addChat(chatId: string, members: FakeChatMember[]): this {
    this.chats.set(
      chatId,
      members.map((member) => ({ ...member })),
    );
    return this;
  }

  /** The catalog app IDs installed for a user. */
  installedApps(userId: string): string[] {
    return [...(this.installed.get(userId) ?? [])];
  }

  /** A chat's current members, or undefined for an unknown chat. */
  chatMembers(chatId: string): FakeChatMember[] | undefined {
    return this.chats.get(chatId)?.map((member) => ({ ...member }));
  }

  /**
   * The next request is answered with this error instead of being served (queued: call it
   * twice for two failures). Typical: `failNext(429, {'Retry-After': '1'})`, `failNext(503)`,
   * `failNext(403)`. `error` overrides the default Graph error code and message.
   */
  failNext(
    status: number,
    headers?: Record<string, string>,
    error?: { code: string; message: string },
  ): this {
    this.script.push({ status, headers, error });
    return this;
  }

  /**
   * The next request to `route` is answered with this error (queued per route, and before
   * the general {@link failNext} queue), e.g. `failNextTo('createSubscription', 429, {'Retry-After': '120'})`.
   */
  failNextTo(route: FakeGraphRoute, status: number, headers?: Record<string, string>): this {
    const queue = this.routeScript.get(route) ?? [];
    queue.push({ status, headers });
    this.routeScript.set(route, queue);
    return this;
  }

  /**
   * Every request to `route` answers 403 Authorization_RequestDenied from now on, as Graph
   * does when the app was not granted the route's permission (e.g. ChatMember.Read.All).
   */
  withoutPermission(route: FakeGraphRoute): this {
    this.denied.add(route);
    return this;
  }

  /** The next request is served normally but only after `ms` (for client timeouts). */
  delayNext(ms: number): this {
    this.script.push({ delayMs: ms });
    return this;
  }

  /** Calls to one route, in arrival order. */
  callsTo(route: FakeGraphRoute): FakeGraphCall[] {
    return this.calls.filter((call) => call.route === route);
  }

  private installedSet(userId: string): Set<string> {
    let set = this.installed.get(userId);
    if (!set) this.installed.set(userId, (set = new Set()));
    return set;
  }

  private findUser(key: string): FakeGraphUser | undefined {
    return (
      this.users.get(key) ??
      [...this.users.values()].find((user) => user.userPrincipalName.toLowerCase() === key.toLowerCase())
    );
  }

  /** Group IDs the principal belongs to, directly or through nested groups. */
  private memberships(principalId: string): Set<string> {
    const found = new Set<string>();
    const queue = [principalId];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const [groupId, members] of this.groups) {
        if (members.has(current) && !found.has(groupId)) {
          found.add(groupId);
          queue.push(groupId);
        }
      }
    }
    return found;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const call: FakeGraphCall = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      route: 'unknown',
      authorization: req.headers.authorization,
      principal: this.principalOf(req.headers.authorization),
      contentType: req.headers['content-type'],
      clientRequestId: req.headers['client-request-id'] as string | undefined,
      body: text === '' ? undefined : parseJson(text),
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const target = new URL(call.url, 'http://fake-graph');
    const route = matchRoute(call.method, target.pathname);
    call.route = route.route;
    call.key = route.key;
    const scripted = this.routeScript.get(route.route)?.shift() ?? this.script.shift();
    if (scripted?.delayMs !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, scripted.delayMs);
        this.timers.add(timer);
      });
    }
    const answer =
      scripted?.status !== undefined
        ? graphError(
            scripted.status,
            scripted.error?.code ?? DEFAULT_CODES[scripted.status] ?? 'UnknownError',
            scripted.error?.message ?? `Scripted ${scripted.status} from FakeGraph.`,
            scripted.headers,
          )
        : await this.serve(call, text, target, route);
    call.status = answer.status;
    if (res.destroyed) return;
    const headers: Record<string, string> = {
      'request-id': randomUUID(),
      ...(call.clientRequestId ? { 'client-request-id': call.clientRequestId } : {}),
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...answer.headers,
    };
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private principalOf(authorization: string | undefined): FakeGraphCall['principal'] {
    const token = bearerOf(authorization);
    if (token === undefined) return undefined;
    return token === this.token ? 'app' : this.delegated.get(token)?.aadObjectId;
  }

  /** 401 or 403 when the call's token may not call the route; undefined when it may. */
  private refuseToken(call: FakeGraphCall, route: FakeGraphRoute): Answer | undefined {
    if (call.authorization === undefined)
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const invalid = graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
    // Delegated tokens serve removeAllAccessForUser only; elsewhere they are as unknown as a forged one.
    if (route !== 'removeAllAccessForUser') return call.principal === 'app' ? undefined : invalid;
    if (call.principal === undefined) return invalid;
    const user = call.principal === 'app' ? undefined : this.delegated.get(bearerOf(call.authorization)!);
    if (user?.scopes.includes(CHAT_READWRITE_ALL)) return undefined;
    return graphError(
      403,
      'Forbidden',
      `Missing scope permissions on the request. API requires the delegated permission ${CHAT_READWRITE_ALL}; ` +
        (user
          ? `scopes on the request: '${user.scopes.join(' ')}'.`
          : 'application (app-only) tokens are not supported for this API.'),
    );
  }

  private serve(
    call: FakeGraphCall,
    text: string,
    target: URL,
    route: MatchedRoute,
  ): Answer | Promise<Answer> {
    const refused = this.refuseToken(call, route.route);
    if (refused) return refused;
    if (route.error) return route.error;
    if (this.denied.has(route.route)) {
      return graphError(
        403,
        'Forbidden',
        'Missing role permissions on the request. API requires one of the application permissions granted for this route.',
      );
    }
    if (route.subscription) {
      const needsJson = route.route === 'createSubscription' || route.route === 'renewSubscription';
      if (needsJson && !call.contentType?.toLowerCase().startsWith('application/json')) {
        return graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json.');
      }
      if (route.route === 'unknown') return badRequest(`No ${call.method} on '${target.pathname}'.`);
      return this.subscriptions.serve(route.route as FakeSubscriptionRoute, route.key, call.body);
    }
    if (call.method === 'POST') {
      if (!call.contentType?.toLowerCase().startsWith('application/json')) {
        return graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json.');
      }
      if (!isObject(call.body))
        return badRequest(text === '' ? 'Empty Payload. JSON content expected.' : 'Invalid JSON body.');
    }
    switch (route.route) {
      case 'installApp':
        return this.installApp(route.key!, call.body as Record<string, unknown>);
      case 'checkMemberGroups':
        return this.checkMemberGroups(route.key!, call.body as Record<string, unknown>);
      case 'getUser':
        return this.getUser(route.key!, target.searchParams.get('$select'));
      case 'listChatMembers':
        return this.listChatMembers(route.key!);
      case 'removeAllAccessForUser':
        return this.removeAllAccess(route.key!, call.body as Record<string, unknown>);
      case 'runHuntingQuery':
        return this.hunting.serve(call.body as Record<string, unknown>);
      default:
        return badRequest(`Resource not found for the segment '${target.pathname}'.`);
    }
  }

  private userNotFound(key: string): Answer {
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }

  private installApp(key: string, body: Record<string, unknown>): Answer {
    const bind = body['teamsApp@odata.bind'];
    const prefix = `${this.url}/v1.0/appCatalogs/teamsApps/`;
    if (Object.keys(body).length !== 1 || typeof bind !== 'string' || !bind.startsWith(prefix)) {
      return badRequest(`Body must be {"teamsApp@odata.bind": "${prefix}{catalogAppId}"}.`);
    }
    const user = this.findUser(key);
    if (!user) return this.userNotFound(key);
    const appId = decodeURIComponent(bind.slice(prefix.length));
    if (!this.catalogApps.has(appId))
      return graphError(404, 'NotFound', `App '${appId}' is not in the app catalog.`);
    const apps = this.installedSet(user.id);
    if (apps.has(appId)) return graphError(409, 'Conflict', 'App is already installed for this user.');
    apps.add(appId);
    return { status: 201 };
  }

  private checkMemberGroups(key: string, body: Record<string, unknown>): Answer {
    const ids = body.groupIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
      return badRequest('groupIds must be a non-empty array of group IDs.');
    }
    if (ids.length > 20) return badRequest('checkMemberGroups accepts at most 20 group IDs per request.');
    const user = this.findUser(key);
    if (!user) return this.userNotFound(key);
    const memberOf = this.memberships(user.id);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#Collection(Edm.String)`,
        value: (ids as string[]).filter((id) => memberOf.has(id)),
      },
    };
  }

  private getUser(key: string, select: string | null): Answer {
    const user = this.findUser(key);
    if (!user) return this.userNotFound(key);
    const full: Record<string, unknown> = {
      id: user.id,
      displayName: user.displayName ?? null,
      userPrincipalName: user.userPrincipalName,
    };
    const fields = select ? select.split(',').map((field) => field.trim()) : Object.keys(full);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#users/$entity`,
        ...Object.fromEntries(fields.filter((field) => field in full).map((field) => [field, full[field]])),
      },
    };
  }

  /** Graph's list of conversationMembers: aadUserConversationMember objects, no paging. */
  private listChatMembers(chatId: string): Answer {
    const members = this.chats.get(chatId);
    if (!members) return graphError(404, 'NotFound', `Chat '${chatId}' was not found.`);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#chats('${encodeURIComponent(chatId)}')/members`,
        '@odata.count': members.length,
        value: members.map((member) => ({
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          id: Buffer.from(`${chatId}##${member.userId}`).toString('base64'),
          roles: ['owner'],
          displayName: member.displayName ?? null,
          visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
          userId: member.userId,
          email: member.email ?? null,
          tenantId: member.tenantId,
        })),
      },
    };
  }

  private removeAllAccess(chatId: string, body: Record<string, unknown>): Answer {
    const user = body.user;
    if (
      Object.keys(body).length !== 1 ||
      !isObject(user) ||
      user['@odata.type'] !== 'microsoft.graph.teamworkUserIdentity' ||
      typeof user.id !== 'string' ||
      typeof user.tenantId !== 'string'
    ) {
      return badRequest(
        'Body must be {"user": {"@odata.type": "microsoft.graph.teamworkUserIdentity", "id", "tenantId"}}.',
      );
    }
    const members = this.chats.get(chatId);
    if (!members) return graphError(404, 'NotFound', `Chat '${chatId}' was not found.`);
    // Graph does not document the answer for a non-member; the fake treats it as done (204).
    this.chats.set(
      chatId,
      members.filter((member) => !(member.userId === user.id && member.tenantId === user.tenantId)),
    );
    return { status: 204 };
  }
}

interface MatchedRoute {
  route: FakeGraphRoute;
  key?: string;
  /** A /v1.0/subscriptions path, served by FakeGraphSubscriptions. */
  subscription?: boolean;
  /** Set when the path is known but malformed (a `$` key without the users('...') form). */
  error?: Answer;
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
const bearerOf = (authorization: string | undefined): string | undefined =>
  authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Kept as text so a test can show what was sent; serve() answers 400 for it.
    return text;
  }
};

/**
 * Routes a request path. User keys come as `/users/{key}` or, for UPNs starting with `$`,
 * `/users('{key}')`; `/users/$x` is refused with 400 as Graph refuses it.
 */
const matchRoute = (method: string, pathname: string): MatchedRoute => {
  const subscription = matchSubscriptionRoute(method, pathname);
  if (subscription) return { ...subscription, subscription: true };
  if (method === 'POST' && pathname === '/v1.0/security/runHuntingQuery') return { route: 'runHuntingQuery' };
  const chat = /^\/v1\.0\/chats\/([^/]+)\/(removeAllAccessForUser|members)$/.exec(pathname);
  if (chat && chat[2] === 'removeAllAccessForUser' && method === 'POST')
    return { route: 'removeAllAccessForUser', key: decodeURIComponent(chat[1]) };
  if (chat && chat[2] === 'members' && method === 'GET')
    return { route: 'listChatMembers', key: decodeURIComponent(chat[1]) };
  const user =
    /^\/v1\.0\/users(?:\/([^/()]+)|\('((?:[^']|'')*)'\))(\/teamwork\/installedApps|\/checkMemberGroups)?$/.exec(
      pathname,
    );
  if (!user) return { route: 'unknown' };
  const key =
    user[1] !== undefined ? decodeURIComponent(user[1]) : decodeURIComponent(user[2]).replace(/''/g, "'");
  const route: FakeGraphRoute =
    user[3] === '/teamwork/installedApps'
      ? 'installApp'
      : user[3] === '/checkMemberGroups'
        ? 'checkMemberGroups'
        : 'getUser';
  if ((route === 'getUser') !== (method === 'GET')) return { route: 'unknown' };
  if (user[1] !== undefined && key.startsWith('$')) {
    return {
      route,
      key,
      error: badRequest(`Invalid OData segment '${key}': use users('${key}') for keys starting with $.`),
    };
  }
  return { route, key };
};
