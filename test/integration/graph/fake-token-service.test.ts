import type { Activity } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
// The SDK's own token client, as CloudAdapter builds it; the package exports only its base class.
import { UserTokenClientImpl } from 'botframework-connector/lib/auth/userTokenClientImpl';
import {
  DUMMY_ANALYST_ID,
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
} from '../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { DUMMY_SSO_CONNECTION, FakeTokenService, type FakeSsoUser } from '../../support/fake-token-service';

const dummyAnalyst: FakeSsoUser = {
  teamsUserId: '29:1xYz9wVu8tSr7qPo6nMl5kJi4hGf3eDc2bA1-Analyst0sAmPlE0iD0000000000000000000000000aBcD',
  aadObjectId: DUMMY_ANALYST_ID,
  tenantId: DUMMY_HOME_TENANT,
};
const dummyColleague: FakeSsoUser = {
  teamsUserId: '29:1qWe2rTy3uIo4pAs5dFg6hJk7lZx8cVb9nM0-Colleague0000000000000000000000000000000000wXyZ',
  aadObjectId: '3b2a1f0e-9d8c-4b7a-a695-84736251f0e1',
  tenantId: DUMMY_HOME_TENANT,
};
const dummyChatId =
  '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
const dummyAttackerId = 'e1d2c3b4-a5f6-4789-8abc-def012345678';
const channelId = 'msteams';

/** The analyst's tap on a card button, as the SDK gets it and turns it into a sign-in state. */
const analystTap = (): Activity =>
  dummyActivity('invoke.adaptive-card-action.personal', {
    from: { id: dummyAnalyst.teamsUserId, name: 'Sam Analyst', aadObjectId: dummyAnalyst.aadObjectId },
  }) as unknown as Activity;

describe('FakeTokenService through botframework-connector UserTokenClientImpl', () => {
  let graph: FakeGraph;
  let tokens: FakeTokenService;
  let client: UserTokenClientImpl;

  const removeChatFor = (bearer: string) =>
    fetch(`${graph.url}/v1.0/chats/${encodeURIComponent(dummyChatId)}/removeAllAccessForUser`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        user: {
          '@odata.type': 'microsoft.graph.teamworkUserIdentity',
          id: DUMMY_USER_ID,
          tenantId: DUMMY_HOME_TENANT,
        },
      }),
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph.addChat(dummyChatId, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT },
      { userId: dummyAttackerId, tenantId: DUMMY_OTHER_TENANT },
    ]);
    tokens = await new FakeTokenService(graph).start();
    // Empty credentials: no app ID, so the SDK sends no bearer token, as in local mode.
    client = new UserTokenClientImpl(tokens.appId ?? '', MicrosoftAppCredentials.Empty, tokens.url);
  });

  afterEach(async () => {
    await tokens.stop();
    await graph.stop();
  });

  describe('getSignInResource', () => {
    it('returns the tokenExchangeResource of the connection and a sign-in link on the stand-in', async () => {
      const resource = await client.getSignInResource(DUMMY_SSO_CONNECTION, analystTap(), '');

      expect(resource.tokenExchangeResource).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        uri: `api://botid-${tokens.appId}`,
        providerId: expect.any(String),
      });
      expect(resource.signInLink?.startsWith(`${tokens.url}/api/oauth/signin?signin=`)).toBe(true);
      expect(tokens.calls[0]).toMatchObject({
        method: 'GET',
        path: '/api/botsignin/GetSignInResource',
        state: {
          connectionName: DUMMY_SSO_CONNECTION,
          msAppId: tokens.appId,
          conversation: {
            user: { id: dummyAnalyst.teamsUserId },
            conversation: { tenantId: DUMMY_HOME_TENANT },
          },
        },
        status: 200,
      });
    });

    it('leads through the sign-in link to a magic code that GetToken takes', async () => {
      const resource = await client.getSignInResource(DUMMY_SSO_CONNECTION, analystTap(), '');

      const page = await (await fetch(resource.signInLink!)).text();
      const code = /<p id="code">(\d{6})<\/p>/.exec(page)?.[1];
      const response = await client.getUserToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        code!,
      );

      expect(response.token).toMatch(/^delegated-/);
      expect(tokens.tokensIssued()).toEqual([
        expect.objectContaining({ ...dummyAnalyst, via: 'magicCode', token: response.token }),
      ]);
    });

    it('throws a RestError with status 400 for another connection name', async () => {
      await expect(client.getSignInResource('other-connection', analystTap(), '')).rejects.toMatchObject({
        name: 'RestError',
        statusCode: 400,
      });
    });
  });

  describe('exchangeToken', () => {
    it('exchanges an SSO token for a delegated Graph token that removeAllAccessForUser accepts', async () => {
      const ssoToken = await tokens.ssoTokenFor(dummyAnalyst);

      const response = await client.exchangeToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, {
        token: ssoToken,
      });
      const removed = await removeChatFor(response.token!);

      expect(response).toEqual({
        channelId,
        connectionName: DUMMY_SSO_CONNECTION,
        token: expect.stringMatching(/^delegated-[0-9a-f-]{36}$/),
        expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(removed.status).toBe(204);
      expect(graph.callsTo('removeAllAccessForUser')[0].principal).toBe(dummyAnalyst.aadObjectId);
      expect(graph.chatMembers(dummyChatId)).toEqual([
        { userId: dummyAttackerId, tenantId: DUMMY_OTHER_TENANT },
      ]);
    });

    it('records the exchange without the token values', async () => {
      const ssoToken = await tokens.ssoTokenFor(dummyAnalyst);

      await client.exchangeToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, {
        token: ssoToken,
      });

      expect(tokens.calls[0]).toEqual({
        method: 'POST',
        path: '/api/usertoken/exchange',
        query: { userId: dummyAnalyst.teamsUserId, connectionName: DUMMY_SSO_CONNECTION, channelId },
        body: { token: '[redacted]' },
        status: 200,
        at: expect.any(Number),
      });
      expect(JSON.stringify(tokens.calls)).not.toContain(ssoToken);
    });

    it('leaves the app-only token refused with 403 on removeAllAccessForUser', async () => {
      const removed = await removeChatFor(DUMMY_GRAPH_TOKEN);

      expect(removed.status).toBe(403);
      expect(graph.chatMembers(dummyChatId)).toHaveLength(2);
    });

    it.each<[string, (service: FakeTokenService) => Promise<string>, string]>([
      [
        'an expired token',
        (service) => service.ssoTokenFor(dummyAnalyst, { expiresAt: new Date(Date.now() - 5 * 60_000) }),
        'exp',
      ],
      [
        'a token for another app',
        (service) => service.ssoTokenFor(dummyAnalyst, { audience: 'api://botid-another-app' }),
        'aud',
      ],
      ["another user's token", (service) => service.ssoTokenFor(dummyColleague), 'another user'],
      ['a token the service never issued', async () => 'eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.', 'refused'],
    ])('resolves a ServiceError ErrorResponse without a token for %s', async (_case, mint, reason) => {
      const ssoToken = await mint(tokens);

      const response = await client.exchangeToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, {
        token: ssoToken,
      });

      expect(response.token).toBeUndefined();
      expect(response).toMatchObject({
        error: { code: 'ServiceError', message: expect.stringContaining(reason) },
      });
      expect(tokens.calls[0].status).toBe(400);
      expect(tokens.tokensIssued()).toEqual([]);
    });

    it('answers a scripted consent failure once, then exchanges', async () => {
      tokens.failNextExchange(400, 'ServiceError', 'Consent Required');
      const exchange = async () =>
        client.exchangeToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, {
          token: await tokens.ssoTokenFor(dummyAnalyst),
        });

      const refused = await exchange();
      const accepted = await exchange();

      expect(refused).toEqual({ error: { code: 'ServiceError', message: 'Consent Required' } });
      expect(accepted.token).toMatch(/^delegated-/);
    });

    it('resolves an ErrorResponse for another connection name', async () => {
      const response = await client.exchangeToken(dummyAnalyst.teamsUserId, 'other-connection', channelId, {
        token: await tokens.ssoTokenFor(dummyAnalyst),
      });

      expect(response).toMatchObject({ error: { code: 'ServiceError' } });
      expect(response.token).toBeUndefined();
    });
  });

  describe('getUserToken', () => {
    it('hands out a token for a magic code once, and only to its user', async () => {
      const code = tokens.issueMagicCode(dummyAnalyst);

      const byColleague = await client.getUserToken(
        dummyColleague.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        code,
      );
      const first = await client.getUserToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        code,
      );
      const again = await client.getUserToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        code,
      );

      expect(byColleague.token).toBeUndefined();
      expect(first).toMatchObject({
        channelId,
        connectionName: DUMMY_SSO_CONNECTION,
        token: expect.stringMatching(/^delegated-/),
      });
      expect(again.token).toBeUndefined();
      expect(tokens.calls.map((call) => call.status)).toEqual([404, 200, 404]);
    });

    it('returns the cached token without a code after an exchange, and 404 for a user without one', async () => {
      const exchanged = await client.exchangeToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        {
          token: await tokens.ssoTokenFor(dummyAnalyst),
        },
      );

      const cached = await client.getUserToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, '');
      const none = await client.getUserToken(dummyColleague.teamsUserId, DUMMY_SSO_CONNECTION, channelId, '');

      expect(cached.token).toBe(exchanged.token);
      expect(none).toMatchObject({ error: { code: 'NotFound' } });
      expect(none.token).toBeUndefined();
    });

    it('throws a RestError with status 400 for another connection name', async () => {
      await expect(
        client.getUserToken(dummyAnalyst.teamsUserId, 'other-connection', channelId, ''),
      ).rejects.toMatchObject({ name: 'RestError', statusCode: 400 });
    });
  });

  describe('signOutUser', () => {
    it('forgets the cached token', async () => {
      await client.getUserToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        tokens.issueMagicCode(dummyAnalyst),
      );

      await client.signOutUser(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId);
      const after = await client.getUserToken(dummyAnalyst.teamsUserId, DUMMY_SSO_CONNECTION, channelId, '');

      expect(tokens.signedOut(dummyAnalyst.teamsUserId)).toBe(true);
      expect(after.token).toBeUndefined();
      expect(tokens.calls[1]).toMatchObject({
        method: 'DELETE',
        path: '/api/usertoken/SignOut',
        status: 200,
      });
    });

    it('throws a RestError with status 400 for another connection name and keeps the token', async () => {
      await client.getUserToken(
        dummyAnalyst.teamsUserId,
        DUMMY_SSO_CONNECTION,
        channelId,
        tokens.issueMagicCode(dummyAnalyst),
      );

      await expect(
        client.signOutUser(dummyAnalyst.teamsUserId, 'other-connection', channelId),
      ).rejects.toMatchObject({ name: 'RestError', statusCode: 400 });

      expect(tokens.signedOut(dummyAnalyst.teamsUserId)).toBe(false);
    });
  });
});
