import { REPORT_CHAT_VERB } from '../../../cards/report-verbs';
import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import { DUMMY_USER_ID, dummyActivity, DUMMY_SECURITY_CHANNEL } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

/** The Security Operations team's General channel (the team fixture's ID). */
const CHANNEL = DUMMY_SECURITY_CHANNEL;
/** Another team of the home tenant with the bot installed, served from another region. */
const MARKETING_GENERAL = '19:marketingGeneral00000000000000b@thread.tacv2';

/** The app installed for the user and in the security team, both answered at `security`. */
const installInSecurityTeam = async (bot: TestBot, security: FakeConnector): Promise<void> => {
  await bot.post(
    '/api/messages',
    dummyActivity('installation-update.personal.add', { serviceUrl: security.serviceUrl }),
  );
  await bot.post(
    '/api/messages',
    dummyActivity('conversation-update.team.bot-added', { serviceUrl: security.serviceUrl }),
  );
  await security.waitForActivities(1);
};

describe('where report cards go', () => {
  // Two connectors stand for two Teams regions: each team's serviceUrl points at its own.
  let security: FakeConnector;
  let marketing: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    security = await new FakeConnector().start();
    marketing = await new FakeConnector().start();
    bot = await startTestBot({
      SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
      SECURITY_CHANNEL_ID: CHANNEL,
    });
    await installInSecurityTeam(bot, security);
  });

  afterEach(async () => {
    await bot.stop();
    await security.stop();
    await marketing.stop();
  });

  const reportAChat = async () => {
    const body = dummySignal();
    const raw = JSON.stringify(body);
    expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    const chatThreadId = body.chatThreadId as string;
    await waitFor('the warning', () =>
      bot.events.find((e) => e.EventType === 'WarningDelivered' && e.ChatThreadId === chatThreadId),
    );
    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: security.serviceUrl,
        from: { id: `29:${DUMMY_USER_ID}`, name: 'Alice Example', aadObjectId: DUMMY_USER_ID },
        value: { action: { type: 'Action.Execute', verb: REPORT_CHAT_VERB, data: { chatThreadId } } },
      }),
    );
    expect(res.status).toBe(200);
    return chatThreadId;
  };

  const cardsIn = (connector: FakeConnector) =>
    connector.accepted().filter((call) => JSON.stringify(call.body).includes('Reported chat:'));

  it('a channel message in another team of the home tenant does not redirect the next report card', async () => {
    const answered = marketing.accepted().length;
    await bot.post(
      '/api/messages',
      dummyActivity('message.channel.mention', {
        serviceUrl: marketing.serviceUrl,
        conversation: { id: `${MARKETING_GENERAL};messageid=1732699900789` },
        channelData: {
          teamsChannelId: MARKETING_GENERAL,
          teamsTeamId: MARKETING_GENERAL,
          channel: { id: MARKETING_GENERAL },
          team: { id: MARKETING_GENERAL },
        },
      }),
    );
    // The bot answered the message there: the activity was processed, not refused.
    await marketing.waitForActivities(answered + 1);

    const chat = await reportAChat();

    const card = await waitFor('the security card', () => cardsIn(security)[0]);
    expect(card).toMatchObject({ method: 'POST', conversationId: CHANNEL });
    expect(JSON.stringify(card.body)).toContain(chat);
    expect(cardsIn(marketing)).toEqual([]);
  });

  it('a message in the security channel itself updates the serviceUrl the cards use', async () => {
    // Teams may move a team to another region: its activities then carry the new serviceUrl.
    const moved = await new FakeConnector().start();
    try {
      await bot.post(
        '/api/messages',
        dummyActivity('message.channel.mention', { serviceUrl: moved.serviceUrl }),
      );
      await moved.waitForActivities(1);

      await reportAChat();

      const card = await waitFor('the security card', () => cardsIn(moved)[0]);
      expect(card.conversationId).toBe(CHANNEL);
      expect(cardsIn(security)).toEqual([]);
    } finally {
      await moved.stop();
    }
  });
});

describe('the report card in the security team\u2019s language', () => {
  let security: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    security = await new FakeConnector().start();
    bot = await startTestBot(
      { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET, SECURITY_CHANNEL_ID: CHANNEL },
      { profile: { ...DEFAULT_PROFILE, securityTeamLanguage: 'de' } },
    );
    await installInSecurityTeam(bot, security);
  });

  afterEach(async () => {
    await bot.stop();
    await security.stop();
  });

  it('posts the card and its summary in German while the reporter is answered in English', async () => {
    const body = dummySignal();
    const raw = JSON.stringify(body);
    expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    const chatThreadId = body.chatThreadId as string;
    await waitFor('the warning', () =>
      bot.events.find((e) => e.EventType === 'WarningDelivered' && e.ChatThreadId === chatThreadId),
    );

    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: security.serviceUrl,
        locale: 'en-US',
        from: { id: `29:${DUMMY_USER_ID}`, name: 'Alice Example', aadObjectId: DUMMY_USER_ID },
        value: { action: { type: 'Action.Execute', verb: REPORT_CHAT_VERB, data: { chatThreadId } } },
      }),
    );

    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Reported, thank you');
    const card = await waitFor('the security card', () =>
      security.accepted().find((call) => JSON.stringify(call.body).includes('Gemeldeter Chat:')),
    );
    const json = JSON.stringify(card.body);
    expect(card.conversationId).toBe(CHANNEL);
    expect((card.body as { summary?: string }).summary).toMatch(/^Gemeldeter Chat: /);
    expect(json).toContain('Als schädlich bestätigen');
    expect(json).not.toMatch(/Reported chat|Confirm malicious|Sender tenant/);
  });
});
