import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Service URLs are a handful per cloud region; the bound only matters for a hostile local-mode caller. */
const MAX_CLIENTS = 64;

/** A map that forgets its oldest entry past `max`; a failed promise is forgotten at once. */
class RecentPromises<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) return known;
    const created = create();
    this.entries.set(key, created);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    return created;
  }
}

/** Who the SDK builds clients for: the claims' audience (the bot) and app ID (a skill caller). */
const identityKey = (claims: ClaimsIdentity): string =>
  `${claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? ''}|${JwtTokenValidation.getAppIdFromClaims(claims.claims) ?? ''}`;

/** The SDK's connector factory, handing out one client per identity, service URL and audience. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly identity: string,
    private readonly clients: RecentPromises<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.identity}\n${audience ?? ''}\n${serviceUrl}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/**
 * The SDK's authentication with its outbound clients kept. CloudAdapter builds a connector
 * client (a whole HTTP pipeline) and a user-token client for every turn and every proactive
 * send, which under load cost a tenth of the bot's time. The clients hold nothing of a turn:
 * their credentials fetch and cache their own tokens, so one per identity, service URL and
 * audience serves every turn.
 */
export class ReusingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new RecentPromises<ConnectorClient>(MAX_CLIENTS);
  private readonly userTokenClients = new RecentPromises<UserTokenClient>(MAX_CLIENTS);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private reused(factory: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(factory, identityKey(claims), this.connectors);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: this.reused(result.connectorFactory, result.claimsIdentity) }
      : result;
  }

  authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reused(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(identityKey(claimsIdentity), () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
