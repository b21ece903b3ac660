import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { waitFor } from '../../support/wait-for';

const CLIENT_STATE = 'graph-client-state-7f3a9c2e5b1d4e6f';
const FIXTURE = join(
  __dirname,
  '../../../../shared/fixtures/teams/graph-notification.chat-created.basic.json',
);
const SENDER_ID = 'e5f6a7b8-0000-4000-8000-00000000beef';
const COLLEAGUE_ID = 'a9b8c7d6-0000-4000-8000-000000000c0c';

/** A basic `/chats` created notification, as the shared fixture shows it, for `chatId`. */
const chatCreated = (chatId: string, subscriptionId: string, clientState = CLIENT_STATE) => {
  const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { value: Array<Record<string, unknown>> };
  const [item] = body.value;
  return {
    value: [
      {
        ...item,
        subscriptionId,
        clientState,
        tenantId: DUMMY_HOME_TENANT,
        resource: `chats('${chatId}')`,
        resourceData: {
          id: chatId,
          '@odata.type': '#Microsoft.Graph.chat',
          '@odata.id': `chats('${chatId}')`,
        },
      },
    ],
  };
};

let chatCounter = 0;
const newChatId = () =>
  `19:${String(++chatCounter).padStart(8, '0')}-aaaa-4bbb-8ccc-0123456789ab_${DUMMY_USER_ID}@unq.gbl.spaces`;

describe('Graph change notifications through the bot', () => {
  let graph: FakeGraph;
  let harness: BotHarness;

  beforeEach(async () => {
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: DUMMY_HOME_TENANT }).start();
    const port = await freePort();
    harness = await startBotWithConnector(
      {
        GRAPH_ENDPOINT: graph.url,
        GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}`,
        GRAPH_CLIENT_STATE: CLIENT_STATE,
      },
      { install: ['user'], port, graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } },
    );
    // Subscriptions are created once the bot listens; Graph validates both URLs first.
    await waitFor('both subscriptions', () => (graph.subscriptions.list().length === 2 ? true : undefined));
  });

  afterEach(async () => {
    await harness.stop();
    await graph.stop();
  });

  /** The subscription on `resource` (its path, whatever payment model follows). */
  const subscription = (resource: string) => {
    const found = graph.subscriptions.list().find((s) => s.resource.split('?')[0] === resource);
    if (!found) throw new Error(`no subscription on ${resource}`);
    return found;
  };
  const externalChat = (displayName = 'IT Helpdesk') => {
    const chatId = newChatId();
    graph.addChat(chatId, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice Example' },
      {
        userId: SENDER_ID,
        tenantId: DUMMY_OTHER_TENANT,
        displayName,
        email: 'it.helpdesk@fabrikam-support.onmicrosoft.com',
      },
    ]);
    return chatId;
  };

  it('subscribes to new chats and new chat members with a lifecycle URL and the payment model', () => {
    const chats = subscription('/chats');
    const members = subscription('/chats/getAllMembers');

    expect(chats.changeType).toBe('created');
    expect(members.changeType).toBe('created');
    expect(members.paymentModel).toBe('A');
    for (const s of [chats, members]) {
      expect(s.notificationUrl).toBe(`${harness.bot.url}/api/graph/notifications`);
      expect(s.lifecycleNotificationUrl).toBe(`${harness.bot.url}/api/graph/lifecycle`);
      expect(s.clientState).toBe(CLIENT_STATE);
    }
  });

  it('shows the subscriptions on /readyz', async () => {
    const res = await fetch(`${harness.bot.url}/readyz`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as { graphSubscriptions: Array<{ resource: string; state: string }> };
    expect(body.graphSubscriptions.map((s) => [s.resource.split('?')[0], s.state]).sort()).toEqual([
      ['/chats', 'active'],
      ['/chats/getAllMembers', 'active'],
    ]);
  });

  it('answers the validation handshake with exactly the decoded token, as text/plain', async () => {
    for (const path of ['/api/graph/notifications', '/api/graph/lifecycle']) {
      const res = await fetch(
        `${harness.bot.url}${path}?validationToken=Validation%3A+Testing%20client+%2B+%C3%A9`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        },
      );

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('Validation: Testing client + é');
    }
  });

  it('warns the user about an external helpdesk-looking chat, with the same events as a webhook signal, Source graph', async () => {
    const chatId = externalChat();
    const before = harness.connector.accepted().length;
    const startedAt = Date.now();

    const res = await harness.bot.post(
      '/api/graph/notifications',
      chatCreated(chatId, subscription('/chats').id),
    );

    expect(res.status).toBe(202);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await harness.connector.waitForActivities(before + 1);
    expect(JSON.stringify(harness.connector.accepted()[before].body)).toContain('IT Helpdesk');
    await waitFor('WarningDelivered', () =>
      harness.bot.events.find((e) => e.EventType === 'WarningDelivered'),
    );
    const detected = harness.bot.events.filter((e) => e.EventType === 'FirstContactDetected');
    expect(detected).toEqual([
      expect.objectContaining({
        Source: 'graph',
        ChatThreadId: chatId,
        VictimAccountObjectId: DUMMY_USER_ID,
        SenderDisplayName: 'IT Helpdesk',
        SenderUPN: 'it.helpdesk@fabrikam-support.onmicrosoft.com',
        SenderTenantId: DUMMY_OTHER_TENANT,
      }),
    ]);
  });

  it('warns once when the same chat is notified twice (Graph redelivers)', async () => {
    const chatId = externalChat();
    const body = chatCreated(chatId, subscription('/chats').id);

    await harness.bot.post('/api/graph/notifications', body);
    await harness.bot.post('/api/graph/notifications', body);

    await waitFor('WarningDelivered', () =>
      harness.bot.events.find((e) => e.EventType === 'WarningDelivered'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.bot.events.filter((e) => e.EventType === 'WarningDelivered')).toHaveLength(1);
  });

  it('ignores a chat among colleagues of the home tenant', async () => {
    const chatId = newChatId();
    graph.addChat(chatId, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice Example' },
      { userId: COLLEAGUE_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'IT Helpdesk' },
    ]);

    expect(
      (await harness.bot.post('/api/graph/notifications', chatCreated(chatId, subscription('/chats').id)))
        .status,
    ).toBe(202);

    await waitFor('the member lookup', () => graph.calls.find((call) => call.route === 'listChatMembers'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.bot.events).toEqual([]);
  });

  it('drops a notification with the wrong clientState: nothing is read, warned or emitted, and it is counted', async () => {
    const chatId = externalChat();

    const res = await harness.bot.post(
      '/api/graph/notifications',
      chatCreated(chatId, subscription('/chats').id, 'not-the-client-state-000000000000'),
    );

    expect(res.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(graph.calls.filter((call) => call.route === 'listChatMembers')).toEqual([]);
    expect(harness.bot.events).toEqual([]);
    const metrics = await (await fetch(`${harness.bot.url}/metrics`)).text();
    expect(metrics).toMatch(
      /helpdesk_guard_graph_notifications_dropped_total\{reason="client_state_mismatch"\} 1/,
    );
  });

  it('creates the subscription again after Graph removes it', async () => {
    const removed = subscription('/chats');

    // Graph drops it and says so on the lifecycle URL.
    expect(await graph.subscriptions.sendLifecycle(removed.id, 'subscriptionRemoved')).toBe(202);

    await waitFor('a new /chats subscription', () =>
      graph.subscriptions.list().find((s) => s.resource.split('?')[0] === '/chats' && s.id !== removed.id),
    );
  });
});
