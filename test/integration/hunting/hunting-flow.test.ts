import { REMOTE_TOOL_NOT_ME_VERB } from '../../../cards/remote-tool-verbs';
import {
  DUMMY_HOME_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
  DUMMY_SECURITY_CHANNEL,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import type { ConnectorCall } from '../../support/fake-connector';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { addShippedHuntingTables } from '../../support/hunting-tables';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { waitFor } from '../../support/wait-for';

const CHANNEL = DUMMY_SECURITY_CHANNEL;
const ATTACKER = {
  objectId: '3f2e1d0c-aaaa-bbbb-cccc-0123456789ab',
  upn: 'helpdesk@securityadminhelper.onmicrosoft.com',
};

/** Rows a second ago: inside the next window (the test bot's ingestion delay is 0). */
const justNow = () => new Date(Date.now() - 1_000).toISOString();

/** Alice got 412 messages in the last 15 minutes (about 1.5 usually): a mail flood. */
const aliceFlooded = () => ({
  Timestamp: justNow(),
  RecipientObjectId: DUMMY_USER_ID,
  RecipientEmailAddress: 'alice@contoso.com',
  WindowStart: new Date(Date.now() - 15 * 60_000).toISOString(),
  WindowEnd: justNow(),
  Messages: 412,
  MailBombingMessages: 0,
  UsualMessages: 1.5,
});

/** A first-contact signal body from an outsider whose name looks like no helpdesk. */
const plainSenderSignal = (chatThreadId: string): string =>
  JSON.stringify(
    dummySignal({
      chatThreadId,
      sender: {
        displayName: 'Jordan Miles',
        upn: 'jordan@fabrikam.com',
        tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      },
    }),
  );

describe('Defender hunting through the bot', () => {
  let graph: FakeGraph;
  let harness: BotHarness;

  beforeEach(async () => {
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: DUMMY_HOME_TENANT }).start();
    addShippedHuntingTables(graph);
    harness = await startBotWithConnector(
      {
        GRAPH_ENDPOINT: graph.url,
        HUNTING_ENABLED: 'true',
        HUNTING_INTERVAL_SECONDS: '1',
        HUNTING_INGESTION_DELAY_SECONDS: '0',
        SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
        SECURITY_CHANNEL_ID: CHANNEL,
      },
      { install: ['user', 'security-team'], graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } },
    );
  });

  afterEach(async () => {
    await harness.stop();
    await graph.stop();
  });

  const toUser = (call: ConnectorCall) =>
    call.conversationId !== undefined && !call.conversationId.includes('thread.tacv2');
  const cardText = (call: ConnectorCall) => JSON.stringify(call.body.attachments ?? call.body.text ?? '');
  const warn = async (chatThreadId: string) => {
    const raw = JSON.stringify(dummySignal({ chatThreadId, observedAt: new Date().toISOString() }));
    expect((await harness.bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    await waitFor('the warning', () =>
      harness.bot.events.find((e) => e.EventType === 'WarningDelivered' && e.ChatThreadId === chatThreadId),
    );
  };

  it('alerts the user and the security channel when Quick Assist starts on the warned user’s device', async () => {
    const chatThreadId = `19:${ATTACKER.objectId}_${DUMMY_USER_ID}@unq.gbl.spaces`;
    await warn(chatThreadId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    graph.hunting.addRows('DeviceProcessEvents', [
      {
        // After the warning: a start before it is not what the warning failed to stop.
        Timestamp: new Date().toISOString(),
        DeviceName: 'lt-alice-7f3.contoso.com',
        DeviceId: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0',
        FileName: 'QuickAssist.exe',
        ProcessCommandLine: '"QuickAssist.exe"',
        InitiatingProcessAccountObjectId: DUMMY_USER_ID,
        InitiatingProcessAccountUpn: 'alice@contoso.com',
      },
    ]);

    const event = await waitFor(
      'RemoteToolAfterWarning',
      () => harness.bot.events.find((e) => e.EventType === 'RemoteToolAfterWarning'),
      15_000,
    );
    expect(event).toMatchObject({
      Severity: 'High',
      ChatThreadId: chatThreadId,
      VictimAccountObjectId: DUMMY_USER_ID,
      Details: expect.objectContaining({ tool: 'QuickAssist.exe', deviceName: 'lt-alice-7f3.contoso.com' }),
    });
    const urgent = await waitFor('the urgent card', () =>
      harness.connector
        .accepted()
        .find(
          (call) =>
            toUser(call) &&
            /Quick Assist/.test(cardText(call)) &&
            /controlling your computer/i.test(cardText(call)),
        ),
    );
    expect(cardText(urgent)).toContain('lt-alice-7f3.contoso.com');
    const alert = await waitFor('the security channel alert', () =>
      harness.connector.accepted().find((call) => !toUser(call) && /lt-alice-7f3/.test(cardText(call))),
    );
    expect(cardText(alert)).toContain(chatThreadId);

    // Seen again by the next, overlapping windows: still one alert.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(harness.bot.events.filter((e) => e.EventType === 'RemoteToolAfterWarning')).toHaveLength(1);

    const alertId = (event!.Details as { alertId: string }).alertId;
    const tap = await harness.bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: harness.connector.serviceUrl,
        value: {
          action: { type: 'Action.Execute', verb: REMOTE_TOOL_NOT_ME_VERB, data: { alertId, chatThreadId } },
        },
      }),
    );
    expect(tap.status).toBe(200);
    await waitFor('RemoteToolAnswered', () =>
      harness.bot.events.find((e) => e.EventType === 'RemoteToolAnswered'),
    );
    await waitFor('the updated security card', () =>
      harness.connector
        .accepted()
        .filter((call) => call.method === 'PUT')
        .find((call) => /did not start/i.test(cardText(call))),
    );
  });

  it('shows each query’s health on /metrics and /readyz', async () => {
    await waitFor('a first run of every query', async () => {
      const text = await (await fetch(`${harness.bot.url}/metrics`)).text();
      return /helpdesk_guard_hunting_last_success_seconds\{query="mail-flood"\}/.test(text)
        ? text
        : undefined;
    });
    const metrics = await (await fetch(`${harness.bot.url}/metrics`)).text();
    for (const query of [
      'chat-created',
      'impersonation-detected',
      'external-messages',
      'remote-tools',
      'mail-flood',
    ])
      expect(metrics).toMatch(new RegExp(`helpdesk_guard_hunting_errors\\{query="${query}"\\} 0`));
    expect(metrics).toMatch(/helpdesk_guard_hunting_leader 1/);
    const ready = (await (await fetch(`${harness.bot.url}/readyz`)).json()) as {
      hunting: { leader: boolean; queries: unknown[] };
    };
    expect(ready.hunting.leader).toBe(true);
    expect(ready.hunting.queries).toHaveLength(5);
  });

  it('does not alert for a remote tool on a device of a user who was never warned', async () => {
    graph.hunting.addRows('DeviceProcessEvents', [
      {
        Timestamp: justNow(),
        DeviceName: 'lt-bob.contoso.com',
        DeviceId: 'd1',
        FileName: 'AnyDesk.exe',
        ProcessCommandLine: 'AnyDesk.exe',
        InitiatingProcessAccountObjectId: DUMMY_USER_ID,
        InitiatingProcessAccountUpn: 'alice@contoso.com',
      },
    ]);

    await waitFor(
      'a poll over the row',
      () => graph.hunting.calls.find((call) => call.table === 'DeviceProcessEvents' && call.rows > 0),
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.bot.events.filter((e) => e.EventType === 'RemoteToolAfterWarning')).toEqual([]);
  });

  it('warns once about an external chat that only Defender saw', async () => {
    const chatThreadId = `19:${ATTACKER.objectId}_${DUMMY_USER_ID}@unq.gbl.spaces`;
    const row = {
      Timestamp: justNow(),
      TeamsMessageId: '1764280877206',
      ThreadId: chatThreadId,
      SenderEmailAddress: ATTACKER.upn,
      SenderDisplayName: 'Help Desk',
      SenderObjectId: ATTACKER.objectId,
      RecipientDetails: [
        {
          RecipientSmtpAddress: 'alice@contoso.com',
          RecipientDisplayName: 'Alice Example',
          RecipientType: 'User',
          RecipientObjectId: DUMMY_USER_ID,
        },
      ],
      IsExternalThread: true,
      IsOwnedThread: false,
      DirectoryObjectIds: [DUMMY_USER_ID],
    };
    graph.hunting.addRows('MessageEvents', [row, { ...row, TeamsMessageId: '1764280877999' }]);

    await waitFor(
      'WarningDelivered',
      () => harness.bot.events.find((e) => e.EventType === 'WarningDelivered'),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const delivered = harness.bot.events.filter((e) => e.EventType === 'WarningDelivered');
    expect(delivered).toHaveLength(1);
    expect(harness.bot.events.find((e) => e.EventType === 'FirstContactDetected')).toMatchObject({
      Source: 'defender',
      ChatThreadId: chatThreadId,
      SenderDisplayName: 'Help Desk',
    });
  });

  it('pre-warns a mail-bombed user, and warns the next outsider who chats with them whatever the name', async () => {
    graph.hunting.addRows('EmailEvents', [aliceFlooded()]);

    await waitFor(
      'MailBombingDetected',
      () => harness.bot.events.find((e) => e.EventType === 'MailBombingDetected'),
      15_000,
    );
    const card = await waitFor('the pre-warning', () =>
      harness.connector.accepted().find((call) => toUser(call) && /412/.test(cardText(call))),
    );
    expect(cardText(card)).toMatch(/attack/i);

    const chatThreadId = '19:plain_sender_chat@unq.gbl.spaces';
    const raw = plainSenderSignal(chatThreadId);
    expect((await harness.bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    await waitFor('the warning', () =>
      harness.bot.events.find((e) => e.EventType === 'WarningDelivered' && e.ChatThreadId === chatThreadId),
    );
    expect(
      harness.bot.events.find(
        (e) => e.EventType === 'FirstContactDetected' && e.ChatThreadId === chatThreadId,
      ),
    ).toMatchObject({
      Severity: 'High',
      Details: expect.objectContaining({ context: ['mail_bombing'] }),
    });
  });
  it('pre-warns and warns a user whose Teams speaks German in German, the flood among the reasons', async () => {
    const user = { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID };
    const stored = await harness.bot.stores.conversations.get(user);
    await harness.bot.stores.conversations.set(user, { ...stored!.reference, locale: 'de-DE' });
    graph.hunting.addRows('EmailEvents', [aliceFlooded()]);

    const card = await waitFor(
      'the pre-warning',
      () => harness.connector.accepted().find((call) => toUser(call) && /412/.test(cardText(call))),
      15_000,
    );
    expect(cardText(card)).toContain('Ihr Postfach wird absichtlich überflutet');
    expect(cardText(card)).not.toMatch(/What usually comes next|This flood is an attack/);

    const chatThreadId = '19:plain_sender_chat_de@unq.gbl.spaces';
    const raw = plainSenderSignal(chatThreadId);
    expect((await harness.bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    const warning = await waitFor('the warning', () =>
      harness.connector.accepted().find((call) => toUser(call) && cardText(call).includes(chatThreadId)),
    );
    expect(cardText(warning)).toContain('mit 412 Nachrichten überflutet');
    expect(cardText(warning)).not.toContain('Your mailbox was flooded');
  });
});
