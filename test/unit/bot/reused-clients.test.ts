import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { createAdapter } from '../../../bot/adapter';
import { ReusingAuthentication } from '../../../bot/reused-clients';

const activity = (serviceUrl: string) =>
  ({ type: 'message', serviceUrl, channelId: 'msteams' }) as unknown as Activity;

/** What CloudAdapter does with the request's authentication for each turn. */
const turnConnector = async (
  authentication: BotFrameworkAuthentication,
  serviceUrl: string,
): Promise<ConnectorClient> => {
  const result = await authentication.authenticateRequest(activity(serviceUrl), '');
  if (!result.connectorFactory) throw new Error('no connector factory');
  return result.connectorFactory.create(serviceUrl, result.audience);
};

describe('ReusingAuthentication', () => {
  // The SDK's own authentication, as local mode builds it (no app ID: anonymous claims).
  const sdkAuthentication = () =>
    (
      createAdapter({ bot: undefined, sso: {} } as never) as unknown as {
        botFrameworkAuthentication: BotFrameworkAuthentication;
      }
    ).botFrameworkAuthentication;

  it('is what the adapter authenticates with', () => {
    expect(sdkAuthentication()).toBeInstanceOf(ReusingAuthentication);
  });

  it('hands every turn to one service URL the same connector client, and another URL its own', async () => {
    const authentication = sdkAuthentication();

    const first = await turnConnector(authentication, 'https://smba.trafficmanager.net/emea/');
    const again = await turnConnector(authentication, 'https://smba.trafficmanager.net/emea/');
    const other = await turnConnector(authentication, 'https://smba.trafficmanager.net/amer/');

    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect((other as unknown as { baseUri: string }).baseUri).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('reuses the connector for proactive sends and the user-token client per identity', async () => {
    const authentication = sdkAuthentication();
    const claims = new ClaimsIdentity([], true);

    const proactive = await authentication
      .createConnectorFactory(claims)
      .create('https://smba.trafficmanager.net/emea/', undefined);
    const again = await authentication
      .createConnectorFactory(claims)
      .create('https://smba.trafficmanager.net/emea/', undefined);

    expect(again).toBe(proactive);
    expect(await authentication.createUserTokenClient(claims)).toBe(
      await authentication.createUserTokenClient(claims),
    );
  });

  it('forgets a client whose creation failed, so the next turn tries again', async () => {
    let attempts = 0;
    const failingOnce = new (class extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        attempts += 1;
        if (attempts === 1) throw new Error('token endpoint unreachable');
        return { attempt: attempts } as unknown as ConnectorClient;
      }
    })();
    const inner = new (class extends BotFrameworkAuthentication {
      async authenticateRequest(): Promise<AuthenticateRequestResult> {
        return {
          audience: 'aud',
          callerId: '',
          claimsIdentity: new ClaimsIdentity([], true),
          connectorFactory: failingOnce,
        };
      }
      authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
        throw new Error('not used');
      }
      createConnectorFactory(): ConnectorFactory {
        return failingOnce;
      }
      createUserTokenClient(): Promise<UserTokenClient> {
        throw new Error('not used');
      }
    })();
    const authentication = new ReusingAuthentication(inner);

    await expect(turnConnector(authentication, 'https://smba.trafficmanager.net/emea/')).rejects.toThrow(
      'token endpoint unreachable',
    );
    const second = await turnConnector(authentication, 'https://smba.trafficmanager.net/emea/');

    expect(second).toEqual({ attempt: 2 });
    expect(await turnConnector(authentication, 'https://smba.trafficmanager.net/emea/')).toBe(second);
  });

  it('keeps at most 64 clients, so a local-mode caller inventing service URLs cannot grow it', async () => {
    const authentication = sdkAuthentication();
    const first = await turnConnector(authentication, 'https://example.test/0/');
    for (let i = 1; i <= 64; i += 1) await turnConnector(authentication, `https://example.test/${i}/`);

    expect(await turnConnector(authentication, 'https://example.test/0/')).not.toBe(first);
  });
});
