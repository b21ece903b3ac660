import { REPORT_CHAT_VERB, REPORT_MALICIOUS_VERB } from '../../../cards/report-verbs';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
  DUMMY_SECURITY_CHANNEL,
  DUMMY_ANALYST_ID,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { connectTestRedis, testRedisUrl } from '../../support/redis';
import { DUMMY_WEBHOOK_SECRET, dummySignal, dummyThreadId, signedHeaders } from '../../support/signals';
import { waitFor } from '../../support/wait-for';

const CHANNEL = DUMMY_SECURITY_CHANNEL;
const ANALYST_ID = DUMMY_ANALYST_ID;
/** User A's 1:1 chat with the bot (the fixtures' Alice). */
const ALICE_CHAT = 'a:1Zq3';
/** User B: Adele Vance, never contacted by the sender. */
const ADELE = { id: '29:adele', name: 'Adele Vance', aadObjectId: '414973bc-ef0d-4a2f-8e63-47bf06945218' };
const ADELE_CHAT = 'a:adele-chat';
/** User C: Patti Fernandez, never contacted either. */
const PATTI = {
  id: '29:patti',
  name: 'Patti Fernandez',
  aadObjectId: 'ec3a77eb-7877-47e3-8c4a-868908662cd8',
};
const PATTI_CHAT = 'a:patti-chat';
const SENDER = { displayName: 'IT Helpdesk', upn: 'it@helpdesk-fabrikam.onmicrosoft.com' };
/** Words of a verdict, or of feedback that carries one. */
const VERDICT = /malicious|benign|phishing|safe|triage/i;
/** How long feedback to every reporter takes at most here, once the first one arrived. */
const FEEDBACK_GRACE_MS = 500;

type Harness = Pick<BotHarness, 'bot' | 'connector'>;

const start = async (options: { graph?: FakeGraph; redis?: boolean } = {}): Promise<BotHarness> => {
  const { graph } = options;
  if (options.redis) (await connectTestRedis()).destroy();
  return startBotWithConnector(
    {
      SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
      SECURITY_CHANNEL_ID: CHANNEL,
      SECURITY_TEAM_IDS: ANALYST_ID,
      ...(graph ? { GRAPH_ENDPOINT: graph.url } : {}),
      ...(options.redis ? { REDIS_URL: testRedisUrl() } : {}),
    },
    {
      install: ['user', 'security-team'],
      ...(graph ? { graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } } : {}),
    },
  );
};

/** A (Alice) is warned about a new chat by "IT Helpdesk", and reports it from the warning card. */
const aliceWarnedAndReports = async ({ bot, connector }: Harness, chatThreadId = dummyThreadId()) => {
  const raw = JSON.stringify(dummySignal({ chatThreadId }));
  expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
  await waitFor('the warning', () =>
    bot.events.find((e) => e.EventType === 'WarningDelivered' && e.ChatThreadId === chatThreadId),
  );
  await tap({ bot, connector }, REPORT_CHAT_VERB, { chatThreadId });
  await waitFor('the security card', () => channelCalls(connector)[0]);
  return chatThreadId;
};

const tap = async (
  { bot, connector }: Harness,
  verb: string,
  data: Record<string, unknown>,
  from = { id: `29:${DUMMY_USER_ID}`, name: 'Alice Example', aadObjectId: DUMMY_USER_ID },
) => {
  const res = await bot.post(
    '/api/messages',
    dummyActivity('invoke.adaptive-card-action.personal', {
      serviceUrl: connector.serviceUrl,
      from,
      value: { action: { type: 'Action.Execute', verb, data } },
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { statusCode: number };
};

/** A user types `report <chat>` in their 1:1 chat; resolves with the bot's answer. */
const typeReport = async (
  { bot, connector }: Harness,
  user: typeof ADELE,
  conversationId: string,
  chatThreadId: string,
): Promise<ConnectorCall> => {
  const before = connector.accepted().length;
  await bot.post(
    '/api/messages',
    dummyActivity('message.personal.text', {
      serviceUrl: connector.serviceUrl,
      text: `report ${chatThreadId}`,
      from: user,
      conversation: { id: conversationId },
    }),
  );
  return waitFor('the answer', () =>
    connector.accepted().find((call, i) => i >= before && call.conversationId === conversationId),
  );
};

const channelCalls = (connector: FakeConnector) =>
  connector.accepted().filter((call) => call.conversationId === CHANNEL);

const reportIdOf = (connector: FakeConnector): string => {
  const match = /"reportId":"([^"]+)"/.exec(JSON.stringify(channelCalls(connector)[0].body));
  if (!match) throw new Error('no report ID on the security card');
  return match[1];
};

const triageMalicious = async (harness: Harness) => {
  const answer = await tap(
    harness,
    REPORT_MALICIOUS_VERB,
    { reportId: reportIdOf(harness.connector) },
    {
      id: '29:isaiah',
      name: 'Isaiah Langer',
      aadObjectId: ANALYST_ID,
    },
  );
  expect(answer.statusCode).toBe(200);
};

/** Text messages (feedback) the connector took for a 1:1 chat. */
const messagesTo = (connector: FakeConnector, conversationId: string) =>
  connector
    .accepted()
    .filter((call) => call.conversationId.startsWith(conversationId) && typeof call.body.text === 'string');

const aliceFeedback = (connector: FakeConnector) =>
  waitFor('feedback to Alice', () =>
    messagesTo(connector, ALICE_CHAT).find((call) => /phishing/i.test(String(call.body.text))),
  );

/** What the confirmation shows, without the chat's own ID. */
const confirmation = (answer: ConnectorCall, chatThreadId: string): string =>
  JSON.stringify(answer.body.attachments).split(chatThreadId).join('<chat>');

describe.each([
  ['memory', false],
  ['Redis', true],
])('typed reports of someone else\u2019s chat (%s stores)', (_stores, redis) => {
  let harness: BotHarness;

  beforeEach(async () => {
    harness = await start({ redis });
  });

  afterEach(async () => {
    await harness.stop();
  });

  it('tells B nothing about A\u2019s report: the same words as for a chat no one reported', async () => {
    const chat = await aliceWarnedAndReports(harness);

    const neverSeen = dummyThreadId();

    const known = await typeReport(harness, ADELE, ADELE_CHAT, chat);
    const unseen = await typeReport(harness, PATTI, PATTI_CHAT, neverSeen);

    const text = confirmation(known, chat);
    expect(text).toMatch(/Reported, thank you/);
    expect(text).not.toContain(SENDER.displayName);
    expect(text).not.toContain(SENDER.upn);
    expect(text).not.toMatch(VERDICT);
    expect(text).not.toMatch(/\b2\b|reporters?\b/i);
    expect(text).toBe(confirmation(unseen, neverSeen));
  });

  it('tells a user who reports it after triage nothing of the verdict', async () => {
    const chat = await aliceWarnedAndReports(harness);
    const before = await typeReport(harness, ADELE, ADELE_CHAT, chat);
    await triageMalicious(harness);
    await aliceFeedback(harness.connector);

    const after = await typeReport(harness, PATTI, PATTI_CHAT, chat);

    expect(confirmation(after, chat)).toBe(confirmation(before, chat));
    expect(confirmation(after, chat)).not.toMatch(VERDICT);
  });

  it('gives feedback to A, who was warned, and none to B, who only typed the ID', async () => {
    const chat = await aliceWarnedAndReports(harness);
    await typeReport(harness, ADELE, ADELE_CHAT, chat);
    await waitFor('B on the security card', () =>
      channelCalls(harness.connector).find((call) =>
        JSON.stringify(call.body).includes('Adele Vance (unchecked)'),
      ),
    );

    await triageMalicious(harness);

    expect(String((await aliceFeedback(harness.connector)).body.text)).toContain(SENDER.displayName);
    await new Promise((resolve) => setTimeout(resolve, FEEDBACK_GRACE_MS));
    const toAdele = messagesTo(harness.connector, ADELE_CHAT);
    expect(toAdele.map((call) => call.body.text)).toEqual([]);
    expect(harness.bot.events.find((e) => e.EventType === 'ReportTriaged')?.Details).toMatchObject({
      uncheckedReporterObjectIds: [ADELE.aadObjectId],
    });
  });
});

describe('typed reports checked against Graph\u2019s member list', () => {
  let graph: FakeGraph;
  let harness: BotHarness;
  let chat: string;

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    harness = await start({ graph });
    chat = dummyThreadId();
  });

  afterEach(async () => {
    await harness.stop();
    await graph.stop();
  });

  const members = (...extra: Array<{ userId: string; displayName: string }>) =>
    graph.addChat(chat, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice Example' },
      {
        userId: 'e5f6a7b8-0000-4000-8000-00000000beef',
        tenantId: DUMMY_OTHER_TENANT,
        displayName: 'IT Helpdesk',
      },
      ...extra.map((member) => ({ ...member, tenantId: DUMMY_HOME_TENANT })),
    ]);

  it('checks B when Graph lists B as a member, and B hears back', async () => {
    members({ userId: ADELE.aadObjectId, displayName: ADELE.name });
    await aliceWarnedAndReports(harness, chat);

    const answer = await typeReport(harness, ADELE, ADELE_CHAT, chat);
    await triageMalicious(harness);

    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
    expect(confirmation(answer, chat)).not.toContain(SENDER.displayName);
    const feedback = await waitFor('feedback to B', () =>
      messagesTo(harness.connector, ADELE_CHAT).find((call) => /phishing/i.test(String(call.body.text))),
    );
    expect(String(feedback.body.text)).toContain(SENDER.displayName);
  });

  it('leaves B unchecked when Graph does not list B', async () => {
    members();
    await aliceWarnedAndReports(harness, chat);
    await typeReport(harness, ADELE, ADELE_CHAT, chat);

    await triageMalicious(harness);

    await aliceFeedback(harness.connector);
    await new Promise((resolve) => setTimeout(resolve, FEEDBACK_GRACE_MS));
    expect(messagesTo(harness.connector, ADELE_CHAT)).toEqual([]);
  });

  it('answers B at once and leaves B unchecked when the app lacks ChatMember.Read.All (403)', async () => {
    members({ userId: ADELE.aadObjectId, displayName: ADELE.name });
    graph.withoutPermission('listChatMembers');
    await aliceWarnedAndReports(harness, chat);

    const answer = await typeReport(harness, ADELE, ADELE_CHAT, chat);
    await triageMalicious(harness);

    expect(JSON.stringify(answer.body.attachments)).toMatch(/Reported, thank you/);
    expect(graph.callsTo('listChatMembers').map((call) => call.status)).toEqual([403]);
    const warned = harness.bot.logs.find((line) => /membership check failed/.test(String(line.msg)));
    expect(JSON.stringify(warned)).toContain('ChatMember.Read.All');
    await aliceFeedback(harness.connector);
    await new Promise((resolve) => setTimeout(resolve, FEEDBACK_GRACE_MS));
    expect(messagesTo(harness.connector, ADELE_CHAT)).toEqual([]);
  });
});
