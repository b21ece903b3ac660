import { DUMMY_HOME_TENANT, DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const STAFF_GROUP = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const GROUP_STAFF_ID = 'b8be024b-ad3a-4e18-a4a4-ec30328b3f86';
const CATALOG_APP = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('features that use Microsoft Graph', () => {
  let connector: FakeConnector;
  let graph: FakeGraph;
  let bot: TestBot;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    graph = await new FakeGraph().start();
    graph
      .addUser({ id: DUMMY_USER_ID, userPrincipalName: 'alice@contoso.com', displayName: 'Alice Example' })
      .addUser({ id: GROUP_STAFF_ID, userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen' })
      .addGroup(STAFF_GROUP, [GROUP_STAFF_ID])
      .addCatalogApp(CATALOG_APP);
    bot = await startTestBot(
      {
        GRAPH_ENDPOINT: graph.url,
        HELPDESK_STAFF_GROUP_ID: STAFF_GROUP,
        TEAMS_APP_CATALOG_ID: CATALOG_APP,
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
      },
      { graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } },
    );
  });

  afterEach(async () => {
    await bot.stop();
    await graph.stop();
    await connector.stop();
  });

  const staffSays = async (text: string): Promise<ConnectorCall> => {
    const before = connector.accepted().length;
    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', {
        serviceUrl: connector.serviceUrl,
        text,
        from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: GROUP_STAFF_ID },
        conversation: { id: 'a:megan-chat' },
      }),
    );
    await connector.waitForActivities(before + 1);
    return connector.accepted()[before];
  };

  it('lets a member of HELPDESK_STAFF_GROUP_ID issue codes, and looks a UPN up', async () => {
    const answer = await staffSays('issue code alice@contoso.com');

    expect(JSON.stringify(answer.body.attachments)).toMatch(/"\d{3} \d{3}"/);
    expect(JSON.stringify(answer.body.attachments)).toContain('alice@contoso.com');
    expect(graph.callsTo('checkMemberGroups')).toHaveLength(1);
    expect(graph.callsTo('getUser')).toHaveLength(1);
  });

  it('says clearly when a UPN is not in the directory', async () => {
    const answer = await staffSays('issue code nobody@contoso.com');

    expect(JSON.stringify(answer.body)).toMatch(/not find|no user|not found/i);
  });

  it('installs the app for a user who never did, then warns them once Teams reports the install', async () => {
    const raw = JSON.stringify(dummySignal());

    await bot.post('/api/signals/first-contact', raw, signedHeaders(raw));

    await waitFor('the Graph install', () => graph.callsTo('installApp')[0]);
    expect(graph.installedApps(DUMMY_USER_ID)).toContain(CATALOG_APP);
    // Teams answers an install with an installationUpdate to the bot.
    await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
    );
    await waitFor('WarningDelivered', () =>
      bot.events.find((event) => event.EventType === 'WarningDelivered'),
    );
    const texts = connector.accepted().map((call) => JSON.stringify(call.body));
    expect(texts.some((text) => text.includes('IT Helpdesk'))).toBe(true);
    expect(
      await bot.stores.conversations.get({ tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID }),
    ).toBeDefined();
  });
});
