import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { FakeGraph } from './fake-graph';
import { DUMMY_APP_ID } from './graph-notification-builder';

/** The OAuth connection FakeTokenService serves unless told another. */
export const DUMMY_SSO_CONNECTION = 'graph-sso';

/** What the stand-in's delegated Graph tokens carry unless told otherwise. */
const DEFAULT_SCOPES = ['Chat.ReadWrite.All'];
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/** The Teams desktop and web client, which requests the SSO token (its `azp`). */
const TEAMS_CLIENT_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

/** A Teams user as the token service sees them: the Teams user ID the bot passes, and who they are in Entra ID. */
export interface FakeSsoUser {
  /** `activity.from.id`, e.g. `29:1a2b...`: what the bot passes as `userId`. */
  teamsUserId: string;
  aadObjectId: string;
  tenantId: string;
}

export interface FakeTokenServiceOptions {
  /** The OAuth connection name on the Azure Bot resource; {@link DUMMY_SSO_CONNECTION} by default. */
  connectionName?: string;
  /**
   * The bot's app ID, checked against `msAppId` in the sign-in state; null for a bot in
   * local mode (no MicrosoftAppId), whose state carries none.
   */
  appId?: string | null;
  /** The connection's token exchange URL, the `aud` of accepted SSO tokens; `api://botid-{appId}` by default. */
  exchangeUri?: string;
  /**
   * The bot's bearer token the service requires on the API routes (the sign-in page is the
   * user's browser, not the bot); none is required when unset, as for a bot in local mode.
   */
  botToken?: string;
  /** The scopes of the delegated Graph tokens handed out; Chat.ReadWrite.All by default. */
  scopes?: string[];
  /** The clock token expiry is judged by. */
  now?: () => number;
}

/** One request as the stand-in received and answered it; token values are redacted. */
export interface FakeTokenServiceCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The GetSignInResource `state`, decoded from base64 JSON. */
  state?: unknown;
  /** The parsed JSON body with `token` replaced by `[redacted]`. */
  body?: unknown;
  status: number;
  at: number;
}

/** A delegated Graph token the stand-in handed out. */
export interface FakeIssuedToken extends FakeSsoUser {
  token: string;
  via: 'exchange' | 'magicCode';
  expiration: string;
}

interface Answer {
  status: number;
  body: unknown;
  contentType?: string;
}

/** The service's error shape, `{"error": {code, message}}` (ErrorResponse in the SDK). */
const tokenError = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stand-in for the Bot Framework Token Service (token.botframework.com) on loopback, speaking
 * the REST contract as botframework-connector's UserTokenClientImpl calls it (query names match
 * case-insensitively, as the ASP.NET service binds them). It does not check the bot's own bearer
 * token, which the real service requires (the SDK sends none without an app ID).
 *
 * - `GET /api/botsignin/GetSignInResource?state=` -> 200 `{signInLink, tokenExchangeResource: {id, uri,
 *   providerId}, tokenPostResource: {sasUrl}}`; 400 when the base64 TokenExchangeState does not name the
 *   connection and app. The SDK throws a RestError on the 400. The signInLink is
 *   `GET /api/oauth/signin?signin=`, which stands for the user signing in and consenting: it answers a
 *   page with a magic code for the state's user (`from.aadObjectId`, `conversation.tenantId`).
 * - `POST /api/usertoken/exchange?userId&connectionName&channelId` `{token}` -> 200 TokenResponse
 *   `{channelId, connectionName, token, expiration}` for an SSO token from {@link ssoTokenFor}, bound to
 *   that Teams user, with `aud` = the exchange URI and not expired. Every refusal is 400
 *   `{"error": {"code": "ServiceError", message}}`, as the service answers a consent failure
 *   ("(ServiceError) Consent Required"); the SDK lists 400 as an expected answer, so exchangeToken
 *   RESOLVES with that ErrorResponse (no `token`) rather than throwing.
 * - `GET /api/usertoken/GetToken?userId&connectionName&channelId&code` -> 200 TokenResponse for a
 *   magic code from {@link issueMagicCode} (one use, that user only) or, without a code, a user with a
 *   cached token; else 404 `{"error": {"code": "NotFound"}}` (a wrong code too), which the SDK lists as
 *   expected: getUserToken resolves with that object, without `token`.
 * - `DELETE /api/usertoken/SignOut?userId&connectionName&channelId` -> 200 `{}`; forgets the cached token
 *   (Graph tokens already handed out stay valid until they expire, as Entra ID's do).
 * - Another connection name -> 400 ServiceError (the service's exact answer is undocumented; 400 makes
 *   getUserToken, getSignInResource and signOutUser throw, exchangeToken resolve an ErrorResponse);
 *   a missing required parameter -> 400 BadArgument; another path -> 404 NotFound (the
 *   tokenPostResource `sasUrl` too: it is there for the shape only).
 * - A 5xx (scripted with {@link failNextExchange}) is retried by the SDK's pipeline, three times with
 *   backoff (about 5 s in all), before the client throws a RestError: queue four to see it throw.
 *
 * Each token handed out is a fresh opaque `delegated-{uuid}`, registered with the FakeGraph as a
 * delegated token of the user (scope Chat.ReadWrite.All).
 *
 * ```ts
 * const graph = await new FakeGraph().start();
 * const tokens = await new FakeTokenService(graph).start();
 * const client = new UserTokenClientImpl(DUMMY_APP_ID, MicrosoftAppCredentials.Empty, tokens.url);
 * const sso = await tokens.ssoTokenFor(analyst);
 * const { token } = await client.exchangeToken(analyst.teamsUserId, DUMMY_SSO_CONNECTION, 'msteams', { token: sso });
 * ```
 */
export class FakeTokenService {
  /** Every request, in arrival order. */
  readonly calls: FakeTokenServiceCall[] = [];
  readonly connectionName: string;
  readonly appId: string | null;
  /** The `aud` accepted SSO tokens carry: the connection's token exchange URL. */
  readonly exchangeUri: string;
  private readonly scopes: string[];
  private readonly botToken?: string;
  private readonly now: () => number;
  private readonly ssoUsers = new Map<string, FakeSsoUser>();
  private readonly magicCodes = new Map<string, FakeSsoUser>();
  private readonly signIns = new Map<string, FakeSsoUser>();
  private readonly cached = new Map<string, FakeIssuedToken>();
  private readonly issued: FakeIssuedToken[] = [];
  private readonly signedOutUsers = new Set<string>();
  private readonly exchangeScript: Answer[] = [];
  private keys?: Awaited<ReturnType<typeof generateKeyPair>>;
  private server?: Server;

  /** @param graph where handed-out tokens become valid delegated Graph tokens. */
  constructor(
    private readonly graph: Pick<FakeGraph, 'addDelegatedToken'>,
    options: FakeTokenServiceOptions = {},
  ) {
    this.connectionName = options.connectionName ?? DUMMY_SSO_CONNECTION;
    this.appId = options.appId === undefined ? DUMMY_APP_ID : options.appId;
    this.exchangeUri = options.exchangeUri ?? `api://botid-${this.appId ?? 'local'}`;
    this.scopes = options.scopes ?? DEFAULT_SCOPES;
    this.botToken = options.botToken;
    this.now = options.now ?? Date.now;
  }

  /** The origin to give the SDK as its OAuth endpoint, e.g. http://127.0.0.1:50123. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeTokenService is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.keys = await generateKeyPair('RS256');
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * An SSO token as Teams would obtain it for this user (RS256 JWT: `aud` the exchange URI, `oid`,
   * `tid`, `exp` in an hour), which the exchange accepts for this Teams user only. `audience` and
   * `expiresAt` forge a token for another app or an expired one.
   */
  async ssoTokenFor(
    user: FakeSsoUser,
    forgery: { audience?: string; expiresAt?: Date } = {},
  ): Promise<string> {
    const now = Math.floor(this.now() / 1000);
    const token = await new SignJWT({
      oid: user.aadObjectId,
      tid: user.tenantId,
      scp: 'access_as_user',
      azp: TEAMS_CLIENT_ID,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'fake-token-service' })
      .setIssuer(`https://login.microsoftonline.com/${user.tenantId}/v2.0`)
      .setAudience(forgery.audience ?? this.exchangeUri)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(forgery.expiresAt ? Math.floor(forgery.expiresAt.getTime() / 1000) : now + 3600)
      .sign(this.requireKeys().privateKey);
    this.ssoUsers.set(token, { ...user });
    return token;
  }

  /** A one-use six-digit magic code for this user, as the sign-in page shows after a fallback sign-in. */
  issueMagicCode(user: FakeSsoUser): string {
    const code = String(randomInt(100_000, 1_000_000));
    this.magicCodes.set(code, { ...user });
    return code;
  }

  /** The next exchange is answered with this error, e.g. `failNextExchange(400, 'ServiceError', 'Consent Required')`. */
  failNextExchange(status: number, code: string, message: string): this {
    this.exchangeScript.push(tokenError(status, code, message));
    return this;
  }

  /** Every delegated Graph token handed out, in order. */
  tokensIssued(): FakeIssuedToken[] {
    return this.issued.map((issued) => ({ ...issued }));
  }

  /** Whether SignOut was served for this Teams user and no token was handed out to them since. */
  signedOut(teamsUserId: string): boolean {
    return this.signedOutUsers.has(teamsUserId);
  }

  private requireKeys(): NonNullable<FakeTokenService['keys']> {
    if (!this.keys) throw new Error('FakeTokenService is not started');
    return this.keys;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const target = new URL(req.url ?? '/', 'http://fake-token-service');
    const query = Object.fromEntries(target.searchParams);
    const body = text === '' ? undefined : parseJson(text);
    const call: FakeTokenServiceCall = {
      method: req.method ?? 'GET',
      path: target.pathname,
      query,
      body: isObject(body) && 'token' in body ? { ...body, token: '[redacted]' } : body,
      status: 0,
      at: this.now(),
    };
    this.calls.push(call);
    const unauthorized =
      this.botToken !== undefined &&
      target.pathname.toLowerCase().startsWith('/api/') &&
      !target.pathname.toLowerCase().startsWith('/api/oauth/') &&
      req.headers.authorization !== `Bearer ${this.botToken}`;
    const answer = unauthorized
      ? tokenError(401, 'Unauthorized', 'The bot token is missing or not valid.')
      : await this.serve(call, target.searchParams, body);
    call.status = answer.status;
    const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json; charset=utf-8' });
    res.end(payload);
  }

  private serve(
    call: FakeTokenServiceCall,
    params: URLSearchParams,
    body: unknown,
  ): Answer | Promise<Answer> {
    // The service is ASP.NET: routes and query names match whatever their case.
    const param = (name: string): string | undefined =>
      [...params].find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    const route = `${call.method} ${call.path.toLowerCase()}`;
    switch (route) {
      case 'GET /api/oauth/signin':
        return this.completeSignIn(param('signin'));
      case 'GET /api/botsignin/getsigninresource':
        return this.getSignInResource(call, param('state'));
      case 'POST /api/usertoken/exchange':
      case 'GET /api/usertoken/gettoken':
      case 'DELETE /api/usertoken/signout':
        return this.serveUserToken(route, param, body);
      default:
        return tokenError(404, 'NotFound', `No ${call.method} on '${call.path}'.`);
    }
  }

  private serveUserToken(
    route: string,
    param: (name: string) => string | undefined,
    body: unknown,
  ): Answer | Promise<Answer> {
    const userId = param('userId');
    if (!userId) return tokenError(400, 'BadArgument', 'userId is required.');
    const connectionName = param('connectionName');
    // SignOut without a connection name signs the user out of every connection (here: the one).
    const signOut = route.startsWith('DELETE');
    const refused =
      signOut && connectionName === undefined ? undefined : this.refuseConnection(connectionName);
    if (refused) return refused;
    const channelId = param('channelId') ?? '';
    if (signOut) {
      this.cached.delete(userId);
      this.signedOutUsers.add(userId);
      return { status: 200, body: {} };
    }
    if (route.startsWith('GET')) return this.getToken(userId, channelId, param('code'));
    if (!channelId) return tokenError(400, 'BadArgument', 'channelId is required.');
    return this.exchange(userId, channelId, body);
  }

  private refuseConnection(connectionName: string | undefined): Answer | undefined {
    if (!connectionName) return tokenError(400, 'BadArgument', 'connectionName is required.');
    if (connectionName === this.connectionName) return undefined;
    return tokenError(
      400,
      'ServiceError',
      `The bot has no OAuth connection named '${connectionName}'; it has '${this.connectionName}'.`,
    );
  }

  private getSignInResource(call: FakeTokenServiceCall, state: string | undefined): Answer {
    const decoded = state ? parseJson(Buffer.from(state, 'base64').toString('utf8')) : undefined;
    call.state = decoded;
    if (!isObject(decoded))
      return tokenError(400, 'BadArgument', 'state must be a base64 TokenExchangeState.');
    const refused = this.refuseConnection(
      typeof decoded.connectionName === 'string' ? decoded.connectionName : undefined,
    );
    if (refused) return refused;
    if ((decoded.msAppId ?? null) !== this.appId)
      return tokenError(400, 'BadArgument', `msAppId '${String(decoded.msAppId)}' is not this bot.`);
    const conversation = isObject(decoded.conversation) ? decoded.conversation : {};
    const from = isObject(conversation.user) ? conversation.user : {};
    const chat = isObject(conversation.conversation) ? conversation.conversation : {};
    if (typeof from.id !== 'string')
      return tokenError(400, 'BadArgument', 'state.conversation.user.id is required.');
    const signIn = randomUUID().replace(/-/g, '');
    this.signIns.set(signIn, {
      teamsUserId: from.id,
      aadObjectId: typeof from.aadObjectId === 'string' ? from.aadObjectId : '',
      tenantId: typeof chat.tenantId === 'string' ? chat.tenantId : '',
    });
    return {
      status: 200,
      body: {
        signInLink: `${this.url}/api/oauth/signin?signin=${signIn}`,
        tokenExchangeResource: { id: randomUUID(), uri: this.exchangeUri, providerId: randomUUID() },
        tokenPostResource: { sasUrl: `${this.url}/api/sas/postToken?state=${signIn}` },
      },
    };
  }

  /** The user followed the sign-in link and consented: show them the magic code. */
  private completeSignIn(signIn: string | undefined): Answer {
    const user = signIn ? this.signIns.get(signIn) : undefined;
    if (!user) return tokenError(404, 'NotFound', 'Unknown or used sign-in link.');
    if (!user.aadObjectId || !user.tenantId)
      return tokenError(400, 'BadArgument', 'The sign-in state names no aadObjectId or tenantId.');
    this.signIns.delete(signIn!);
    const code = this.issueMagicCode(user);
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<html><body><p>Enter this code in the chat to finish signing in:</p><p id="code">${code}</p></body></html>`,
    };
  }

  private async exchange(userId: string, channelId: string, body: unknown): Promise<Answer> {
    const scripted = this.exchangeScript.shift();
    if (scripted) return scripted;
    const refuse = (message: string) => tokenError(400, 'ServiceError', message);
    if (!isObject(body) || typeof body.token !== 'string' || body.token === '')
      return refuse('This connection exchanges SSO tokens only: the body needs a token.');
    try {
      await jwtVerify(body.token, this.requireKeys().publicKey, {
        algorithms: ['RS256'],
        audience: this.exchangeUri,
        currentDate: new Date(this.now()),
      });
    } catch (err) {
      return refuse(`The SSO token was refused: ${(err as Error).message}.`);
    }
    const user = this.ssoUsers.get(body.token);
    if (!user) return refuse('The SSO token was not issued by this stand-in.');
    if (user.teamsUserId !== userId) return refuse(`The SSO token belongs to another user than '${userId}'.`);
    return { status: 200, body: this.handOut(user, 'exchange', channelId) };
  }

  private getToken(userId: string, channelId: string, code: string | undefined): Answer {
    const coded = code ? this.magicCodes.get(code) : undefined;
    if (coded && coded.teamsUserId === userId) {
      this.magicCodes.delete(code!);
      return { status: 200, body: this.handOut(coded, 'magicCode', channelId) };
    }
    const cached = code ? undefined : this.cached.get(userId);
    if (cached) return { status: 200, body: this.tokenResponse(cached, channelId) };
    return tokenError(404, 'NotFound', 'No token for this user and connection.');
  }

  private handOut(user: FakeSsoUser, via: FakeIssuedToken['via'], channelId: string): Record<string, string> {
    const issued: FakeIssuedToken = {
      teamsUserId: user.teamsUserId,
      aadObjectId: user.aadObjectId,
      tenantId: user.tenantId,
      token: `delegated-${randomUUID()}`,
      via,
      expiration: new Date(this.now() + TOKEN_LIFETIME_MS).toISOString(),
    };
    this.graph.addDelegatedToken(issued.token, {
      aadObjectId: user.aadObjectId,
      tenantId: user.tenantId,
      scopes: this.scopes,
    });
    this.issued.push(issued);
    this.cached.set(user.teamsUserId, issued);
    this.signedOutUsers.delete(user.teamsUserId);
    return this.tokenResponse(issued, channelId);
  }

  private tokenResponse(issued: FakeIssuedToken, channelId: string): Record<string, string> {
    return {
      channelId,
      connectionName: this.connectionName,
      token: issued.token,
      expiration: issued.expiration,
    };
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Kept as text so a test can show what was sent; the routes refuse it with 400.
    return text;
  }
};
