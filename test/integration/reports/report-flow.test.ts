import { REPORT_BENIGN_VERB, REPORT_CHAT_VERB, REPORT_MALICIOUS_VERB } from '../../../cards/report-verbs';
import {
  DUMMY_USER_ID,
  dummyActivity,
  DUMMY_SECURITY_CHANNEL,
  DUMMY_ANALYST_ID,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import type { TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const CHANNEL = DUMMY_SECURITY_CHANNEL;
const ANALYST_ID = DUMMY_ANALYST_ID;
const OUTSIDER_ID = '414973bc-ef0d-4a2f-8e63-47bf06945218';

type InvokeAnswer = { statusCode: number; type: string; value: unknown };

describe('report, triage and feedback through the bot', () => {
  let harness: BotHarness;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    harness = await startBotWithConnector(
      {
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
        SECURITY_CHANNEL_ID: CHANNEL,
        SECURITY_TEAM_IDS: ANALYST_ID,
      },
      { install: ['user', 'security-team'] },
    );
    ({ bot, connector } = harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  const warnAbout = async () => {
    const body = dummySignal();
    const raw = JSON.stringify(body);
    expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    await waitFor('the warning', () =>
      bot.events.find(
        (event) => event.EventType === 'WarningDelivered' && event.ChatThreadId === body.chatThreadId,
      ),
    );
    return body.chatThreadId as string;
  };
  const tap = async (
    verb: string,
    data: Record<string, unknown>,
    aadObjectId = DUMMY_USER_ID,
    name = 'Alice Example',
  ) => {
    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        from: { id: `29:${aadObjectId}`, name, aadObjectId },
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };
  const channelCalls = () => connector.accepted().filter((call) => call.conversationId === CHANNEL);
  const reportId = () => {
    const match = /"reportId":"([^"]+)"/.exec(JSON.stringify(channelCalls()[0].body));
    if (!match) throw new Error('no report ID on the security card');
    return match[1];
  };

  it('one tap reports the chat: thanks card, ChatReported, one security card with the thread ID and KQL', async () => {
    const chat = await warnAbout();

    const answer = await tap(REPORT_CHAT_VERB, { chatThreadId: chat });

    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.value)).toMatch(/Reported/);
    const card = await waitFor('the security card', () => channelCalls()[0]);
    expect(card.method).toBe('POST');
    expect(JSON.stringify(card.body)).toContain(chat);
    expect(JSON.stringify(card.body)).toContain('MessageEvents');
    expect(bot.events.filter((event) => event.EventType === 'ChatReported')).toHaveLength(1);
  });

  it('a second tap changes nothing: no second report, no second card', async () => {
    const chat = await warnAbout();
    await tap(REPORT_CHAT_VERB, { chatThreadId: chat });
    await waitFor('the security card', () => channelCalls()[0]);

    const second = await tap(REPORT_CHAT_VERB, { chatThreadId: chat });

    expect(JSON.stringify(second.value)).toMatch(/already/i);
    expect(bot.events.filter((event) => event.EventType === 'ChatReported')).toHaveLength(1);
    expect(channelCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('a second reporter of the same chat updates the card instead of posting a new one', async () => {
    const chat = await warnAbout();
    await tap(REPORT_CHAT_VERB, { chatThreadId: chat });
    await waitFor('the security card', () => channelCalls()[0]);

    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', {
        serviceUrl: connector.serviceUrl,
        text: `report ${chat}`,
        from: { id: '29:adele', name: 'Adele Vance', aadObjectId: OUTSIDER_ID },
        conversation: { id: 'a:adele-chat' },
      }),
    );

    const update = await waitFor('the card update', () =>
      channelCalls().find((call) => call.method === 'PUT'),
    );
    expect(JSON.stringify(update.body)).toContain('Adele Vance');
    expect(channelCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('refuses a report tap about a chat this user was never warned about', async () => {
    const answer = await tap(REPORT_CHAT_VERB, { chatThreadId: '19:forged_thread@unq.gbl.spaces' });

    expect(answer.statusCode).toBe(404);
    expect(answer.type).toBe('application/vnd.microsoft.error');
  });

  it("a member's triage updates the card in place and tells the reporter", async () => {
    const chat = await warnAbout();
    await tap(REPORT_CHAT_VERB, { chatThreadId: chat });
    await waitFor('the security card', () => channelCalls()[0]);

    const answer = await tap(REPORT_MALICIOUS_VERB, { reportId: reportId() }, ANALYST_ID, 'Isaiah Langer');

    expect(answer.statusCode).toBe(200);
    expect(JSON.stringify(answer.value)).toContain('Isaiah Langer');
    expect(bot.events.find((event) => event.EventType === 'ReportTriaged')).toBeDefined();
    const feedback = await waitFor('feedback to the reporter', () =>
      connector
        .accepted()
        .find((call) => call.conversationId.startsWith('a:1Zq3') && /phishing/i.test(String(call.body.text))),
    );
    expect(String(feedback.body.text)).toMatch(/phishing/i);
  });

  it("a non-member's triage is refused and changes nothing", async () => {
    const chat = await warnAbout();
    await tap(REPORT_CHAT_VERB, { chatThreadId: chat });
    await waitFor('the security card', () => channelCalls()[0]);

    const answer = await tap(REPORT_BENIGN_VERB, { reportId: reportId() }, OUTSIDER_ID, 'Adele Vance');

    expect(answer.statusCode).toBe(403);
    expect(bot.events.filter((event) => event.EventType === 'ReportTriaged')).toHaveLength(0);
    // A member can still decide: nothing was recorded by the refused tap.
    expect(
      (await tap(REPORT_BENIGN_VERB, { reportId: reportId() }, ANALYST_ID, 'Isaiah Langer')).statusCode,
    ).toBe(200);
  });

  it('typed "report" offers the recent external contacts, each with a one-tap report', async () => {
    const chat = await warnAbout();
    const before = connector.accepted().length;

    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl, text: 'report' }),
    );

    await connector.waitForActivities(before + 1);
    const list = JSON.stringify(connector.accepted()[before].body);
    expect(list).toContain('IT Helpdesk');
    expect(list).toContain(chat);
    expect(list).toContain(REPORT_CHAT_VERB);
  });

  it('"report <Teams chat link>" reports a chat the bot never saw', async () => {
    const link = 'https://teams.microsoft.com/l/chat/19:never-seen_abc@unq.gbl.spaces/0?tenantId=x';
    const before = connector.accepted().length;

    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl, text: `report ${link}` }),
    );

    await connector.waitForActivities(before + 1);
    expect(JSON.stringify(connector.accepted()[before].body)).toMatch(/Reported/);
    const card = await waitFor('the security card', () => channelCalls()[0]);
    expect(JSON.stringify(card.body)).toContain('19:never-seen_abc@unq.gbl.spaces');
  });
});
