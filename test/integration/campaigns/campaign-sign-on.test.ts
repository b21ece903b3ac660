import { CAMPAIGN_REMOVE_CHATS_VERB } from '../../../cards/campaign-verbs';
import type { EventInput } from '../../../src/events/schema';
import {
  DUMMY_ANALYST_ID,
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_SECURITY_CHANNEL,
  dummyActivity,
} from '../../support/activities';
import { FakeBotFrameworkAuth } from '../../support/fake-bot-framework-auth';
import { FakeConnector } from '../../support/fake-connector';
import { FakeGraph } from '../../support/fake-graph';
import { DUMMY_SSO_CONNECTION, FakeTokenService } from '../../support/fake-token-service';
import { FixedBotCredentials } from '../../support/fixed-bot-credentials';
import { DUMMY_APP_ID } from '../../support/graph-notification-builder';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const CHANNEL = DUMMY_SECURITY_CHANNEL;
const TARGETS = 3;
const ANALYST_TEAMS_ID = `29:${DUMMY_ANALYST_ID}`;
const OUTSIDER_ID = '414973bc-ef0d-4a2f-8e63-47bf06945218';
const analyst = { teamsUserId: ANALYST_TEAMS_ID, aadObjectId: DUMMY_ANALYST_ID, tenantId: DUMMY_HOME_TENANT };

const userId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const threadId = (i: number): string => `19:sso-${i}_${userId(i)}@unq.gbl.spaces`;

type InvokeAnswer = { statusCode: number; type: string; value: Record<string, unknown> | string };

/**
 * "Remove the chats" through Teams single sign-on, against a stand-in of the Bot Framework
 * Token Service (the token exchange as botbuilder's client speaks it) and a fake Graph that
 * accepts removeAllAccessForUser only with a delegated token, as Graph documents.
 */
describe('removing a campaign\u2019s chats with the analyst\u2019s sign-on', () => {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let bot: TestBot;
  let graph: FakeGraph;
  let tokens: FakeTokenService;
  let campaignId: string;

  const events = (type: string): EventInput[] => bot.events.filter((event) => event.EventType === type);
  const channelCalls = () => connector.accepted().filter((call) => call.conversationId === CHANNEL);
  /** Posts an activity as the Bot Connector does: with a channel token for this bot. */
  const fromTeams = (activity: Record<string, unknown>): Promise<Response> =>
    bot.post('/api/messages', activity, {
      authorization: `Bearer ${auth.channelToken(DUMMY_APP_ID, connector.serviceUrl)}`,
    });

  const tapRemove = async (
    value: Record<string, unknown> = {},
    from = { id: ANALYST_TEAMS_ID, name: 'Sam Analyst', aadObjectId: DUMMY_ANALYST_ID },
  ): Promise<InvokeAnswer> => {
    const res = await fromTeams(
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        from,
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
        channelData: { channel: { id: CHANNEL }, team: { id: CHANNEL } },
        value: {
          action: { type: 'Action.Execute', verb: CAMPAIGN_REMOVE_CHATS_VERB, data: { campaignId } },
          ...value,
        },
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  beforeEach(async () => {
    auth = await new FakeBotFrameworkAuth().start();
    connector = await new FakeConnector().start();
    graph = await new FakeGraph().start();
    // Sign-on needs the bot's credentials: the Token Service knows the connection by app ID.
    const credentials = new FixedBotCredentials(DUMMY_APP_ID, 'dummy-bot-token');
    tokens = await new FakeTokenService(graph, { botToken: credentials.token }).start();
    bot = await startTestBot(
      {
        MicrosoftAppId: DUMMY_APP_ID,
        MicrosoftAppPassword: 'dummy-secret-value',
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
        SECURITY_CHANNEL_ID: CHANNEL,
        SECURITY_TEAM_IDS: DUMMY_ANALYST_ID,
        CAMPAIGN_MIN_USERS: String(TARGETS),
        SSO_CONNECTION_NAME: DUMMY_SSO_CONNECTION,
        BOT_OAUTH_URL: tokens.url,
        GRAPH_ENDPOINT: graph.url,
      },
      { adapter: { openIdMetadataUrl: auth.metadataUrl, credentials } },
    );
    const install = await fromTeams(
      dummyActivity('conversation-update.team.bot-added', { serviceUrl: connector.serviceUrl }),
    );
    expect(install.status).toBe(200);
    for (let i = 0; i < TARGETS; i += 1) {
      await bot.stores.conversations.set(
        { tenantId: DUMMY_HOME_TENANT, aadObjectId: userId(i) },
        {
          serviceUrl: connector.serviceUrl,
          channelId: 'msteams',
          conversation: { id: `a:sso-user-${i}`, tenantId: DUMMY_HOME_TENANT, conversationType: 'personal' },
          user: { id: `29:sso-user-${i}`, aadObjectId: userId(i) },
          bot: { id: '28:helpdesk-guard' },
        },
      );
      graph.addChat(threadId(i), [
        { userId: userId(i), tenantId: DUMMY_HOME_TENANT, displayName: `User ${i}` },
        {
          userId: 'a7c1e5d2-0000-4000-8000-00000000a77a',
          tenantId: DUMMY_OTHER_TENANT,
          displayName: 'IT Helpdesk',
        },
      ]);
      const raw = JSON.stringify(
        dummySignal({
          chatThreadId: threadId(i),
          sender: {
            displayName: 'IT Helpdesk',
            upn: 'it@helpdesk-fabrikam.onmicrosoft.com',
            tenantId: DUMMY_OTHER_TENANT,
          },
          recipient: { aadObjectId: userId(i), upn: `user${i}@contoso.com` },
        }),
      );
      expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    }
    const detected = await waitFor('the campaign', () => events('CampaignDetected')[0]);
    campaignId = String(detected.Details?.campaignId);
    await waitFor('the campaign card', () =>
      channelCalls().find((call) => JSON.stringify(call.body).includes(`Warned ${TARGETS}`)),
    );
  });

  afterEach(async () => {
    await bot.stop();
    await Promise.all([tokens.stop(), graph.stop(), connector.stop(), auth.stop()]);
  });

  it('asks Teams to sign the analyst in, with the token exchange resource of the OAuth connection', async () => {
    const answer = await tapRemove();

    expect(answer.statusCode).toBe(401);
    expect(answer.type).toBe('application/vnd.microsoft.activity.loginRequest');
    const value = answer.value as Record<string, unknown>;
    expect(value.connectionName).toBe(DUMMY_SSO_CONNECTION);
    expect(value.tokenExchangeResource).toMatchObject({ uri: tokens.exchangeUri });
    expect(value.buttons).toEqual([
      expect.objectContaining({ type: 'signin', value: expect.stringContaining(tokens.url) }),
    ]);
    expect(graph.callsTo('removeAllAccessForUser')).toHaveLength(0);
  });

  it('removes every target\u2019s chat as the analyst, emits ChatAccessRemoved, updates the card and drops the token', async () => {
    const ssoToken = await tokens.ssoTokenFor(analyst);

    const answer = await tapRemove({
      authentication: { id: 'x', connectionName: DUMMY_SSO_CONNECTION, token: ssoToken },
    });

    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toMatch(/Removing the attacker's chats for 3 users/);
    await waitFor('every removal', () => events('ChatAccessRemoved').length === TARGETS);
    const removals = graph.callsTo('removeAllAccessForUser');
    expect(removals).toHaveLength(TARGETS);
    expect(removals.every((call) => call.principal === DUMMY_ANALYST_ID)).toBe(true);
    expect(
      events('ChatAccessRemoved')
        .map((event) => event.ChatThreadId)
        .sort(),
    ).toEqual([0, 1, 2].map(threadId).sort());
    expect(events('ChatAccessRemoved')[0].Details).toMatchObject({
      campaignId,
      analystObjectId: DUMMY_ANALYST_ID,
    });
    await waitFor('the card with the chats removed', () =>
      channelCalls().find(
        (call) => call.method === 'PUT' && JSON.stringify(call.body).includes(`Chat removed ${TARGETS}`),
      ),
    );
    await waitFor('the analyst signed out of the token service', () => tokens.signedOut(ANALYST_TEAMS_ID));
    const logs = JSON.stringify(bot.logs);
    expect(logs).not.toContain(ssoToken);
    for (const issued of tokens.tokensIssued()) expect(logs).not.toContain(issued.token);
  });

  it('finishes a fallback sign-in from its magic code', async () => {
    const code = tokens.issueMagicCode(analyst);

    const answer = await tapRemove({ state: code });

    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    await waitFor('every removal', () => events('ChatAccessRemoved').length === TARGETS);
  });

  it('answers 412 when the token cannot be exchanged (here: another user\u2019s), and removes nothing', async () => {
    const someoneElse = await tokens.ssoTokenFor({ ...analyst, teamsUserId: '29:someone-else' });

    const answer = await tapRemove({
      authentication: { id: 'x', connectionName: DUMMY_SSO_CONNECTION, token: someoneElse },
    });

    expect(answer.statusCode).toBe(412);
    expect(answer.type).toBe('application/vnd.microsoft.error.preconditionFailed');
    expect(graph.callsTo('removeAllAccessForUser')).toHaveLength(0);
  });

  it('refuses a non-member before any sign-in is asked for', async () => {
    const answer = await tapRemove(
      {},
      { id: `29:${OUTSIDER_ID}`, name: 'Mallory', aadObjectId: OUTSIDER_ID },
    );

    expect(answer.statusCode).toBe(403);
    expect(tokens.calls).toHaveLength(0);
    expect(graph.callsTo('removeAllAccessForUser')).toHaveLength(0);
  });

  it('counts a removal Graph refuses, removes the others, and says so on the card', async () => {
    graph.failNextTo('removeAllAccessForUser', 403);
    const ssoToken = await tokens.ssoTokenFor(analyst);

    await tapRemove({ authentication: { id: 'x', connectionName: DUMMY_SSO_CONNECTION, token: ssoToken } });

    const summary = await waitFor('the removal summary', () =>
      events('CampaignUpdated').find((event) => event.Details?.change === 'chats_removed'),
    );
    expect(summary.Details).toMatchObject({ removedFor: TARGETS - 1, failedFor: 1 });
    expect(events('ChatAccessRemoved')).toHaveLength(TARGETS - 1);
    await waitFor('the card with the failure', () =>
      channelCalls().find((call) => call.method === 'PUT' && /1 failed/.test(JSON.stringify(call.body))),
    );
  });
});
