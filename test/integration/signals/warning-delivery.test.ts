import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import type { TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const user = { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID };

describe('first contact to warning', () => {
  let harness: BotHarness;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    harness = await startBotWithConnector(
      { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET },
      { install: ['user'] },
    );
    ({ bot, connector } = harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  const signal = async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    const res = await bot.post('/api/signals/first-contact', raw, signedHeaders(raw));
    expect(res.status).toBe(202);
  };
  const warningsAt = () => connector.accepted().slice(1);
  const eventsOf = (type: string, chatThreadId: unknown) =>
    bot.events.filter((event) => event.EventType === type && event.ChatThreadId === chatThreadId);

  it('warns the recipient in their 1:1 chat with one card naming the sender and carrying the thread ID', async () => {
    const body = dummySignal();

    await signal(body);

    await connector.waitForActivities(2);
    const [warning] = warningsAt();
    expect(warning.conversationId).toMatch(/^a:/);
    const card = JSON.stringify(warning.body.attachments);
    expect(card).toContain('IT Helpdesk');
    expect(card).toContain('it@helpdesk-fabrikam.onmicrosoft.com');
    expect(card).toContain(body.chatThreadId as string);
  });

  it('records FirstContactDetected (High) and WarningDelivered with the latency, all DESIGN fields set', async () => {
    const body = dummySignal();

    await signal(body);

    const delivered = await waitFor(
      'WarningDelivered',
      () => eventsOf('WarningDelivered', body.chatThreadId)[0],
    );
    const detected = eventsOf('FirstContactDetected', body.chatThreadId)[0];
    expect(detected).toEqual(
      expect.objectContaining({
        Severity: 'High',
        Source: 'sentinel',
        VictimAccountObjectId: DUMMY_USER_ID,
        VictimUPN: 'alice@contoso.com',
        SenderUPN: 'it@helpdesk-fabrikam.onmicrosoft.com',
        SenderDisplayName: 'IT Helpdesk',
        SenderTenantId: expect.any(String),
      }),
    );
    expect(detected.Details).toEqual(expect.objectContaining({ verdict: 'warn', external: true }));
    expect(delivered.Details).toEqual(
      expect.objectContaining({ latencyMs: expect.any(Number), attempts: 1 }),
    );
  });

  it('warns once when the same signal comes again (several sources)', async () => {
    const first = dummySignal();
    const other = dummySignal({
      sender: { displayName: 'Microsoft Security Team', upn: 'sec@ms-security.onmicrosoft.com' },
    });

    await signal(first);
    await signal({ ...first, source: 'defender' });
    await signal(other);

    await waitFor('both warnings', () => eventsOf('WarningDelivered', other.chatThreadId).length === 1);
    await waitFor('the duplicate to be handled', () =>
      bot.logs.some((line) => line.msg === 'first contact already handled'),
    );
    expect(
      warningsAt().filter((call) => JSON.stringify(call.body).includes(first.chatThreadId as string)),
    ).toHaveLength(1);
    expect(eventsOf('FirstContactDetected', first.chatThreadId)).toHaveLength(1);
  });

  it.each([
    [
      'an ordinary external person',
      {
        displayName: 'Maria Garcia',
        upn: 'maria.garcia@fabrikam.com',
        tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      },
      'Low',
    ],
    [
      'the internal helpdesk',
      { displayName: 'Contoso IT Service Desk', upn: 'servicedesk@contoso.com', tenantId: DUMMY_HOME_TENANT },
      'Informational',
    ],
  ])('sends no card for %s, but records the first contact', async (_who, sender, severity) => {
    const body = dummySignal({ sender });

    await signal(body);

    const detected = await waitFor(
      'FirstContactDetected',
      () => eventsOf('FirstContactDetected', body.chatThreadId)[0],
    );
    expect(detected.Severity).toBe(severity);
    expect(detected.Details).toEqual(expect.objectContaining({ verdict: 'none' }));
    // A lookalike signalled afterwards is warned about; the ordinary one before it never was.
    const lookalike = dummySignal();
    await signal(lookalike);
    await connector.waitForActivities(2);
    expect(warningsAt()).toHaveLength(1);
    expect(JSON.stringify(warningsAt()[0].body)).toContain(lookalike.chatThreadId as string);
  });

  it('still delivers when the connector answers the first send with 429', async () => {
    connector.answerNext({ status: 429, headers: { 'retry-after': '0' } });
    const body = dummySignal();

    await signal(body);

    await connector.waitForActivities(2);
    expect(connector.calls.filter((call) => call.status === 429)).toHaveLength(1);
    expect(warningsAt()).toHaveLength(1);
    await waitFor('WarningDelivered', () => eventsOf('WarningDelivered', body.chatThreadId)[0]);
  });

  it('retries 502 and 504 and delivers', async () => {
    connector.answerNext({ status: 502 }, { status: 504 });
    const body = dummySignal();

    await signal(body);

    await connector.waitForActivities(2);
    await waitFor('WarningDelivered', () => eventsOf('WarningDelivered', body.chatThreadId)[0]);
  });

  it('marks the reference stale and records WarningFailed when the user blocked the bot (403)', async () => {
    connector.answerNext({ status: 403 });
    const body = dummySignal();

    await signal(body);

    const failed = await waitFor('WarningFailed', () => eventsOf('WarningFailed', body.chatThreadId)[0]);
    expect(failed.Details).toEqual(expect.objectContaining({ reason: 'blocked', status: 403 }));
    expect((await bot.stores.conversations.get(user))?.staleReason).toContain('403');
  });

  it('records WarningFailed with the reason when the user never installed the bot', async () => {
    await bot.stores.conversations.delete(user);
    const body = dummySignal();

    await signal(body);

    const failed = await waitFor('WarningFailed', () => eventsOf('WarningFailed', body.chatThreadId)[0]);
    expect(failed.Details).toEqual(expect.objectContaining({ reason: 'no_reference' }));
    expect(warningsAt()).toHaveLength(0);
  });

  it('warns a user whose Teams speaks German in German, the reasons too', async () => {
    // The locale Teams sent with the user's last activity, remembered with the reference.
    const stored = await bot.stores.conversations.get(user);
    await bot.stores.conversations.set(user, { ...stored!.reference, locale: 'de-DE' });
    const body = dummySignal();

    await signal(body);

    await connector.waitForActivities(2);
    const [warning] = warningsAt();
    const card = JSON.stringify(warning.body.attachments);
    expect(card).toContain('Warnung: Jemand außerhalb von');
    expect(card).toContain('Warum das verdächtig ist');
    expect(card).toContain('Der Name sieht nach einem Konto des IT-Supports');
    expect(card).not.toMatch(/Why this looks wrong|The name looks like|What to do now/);
    expect(warning.body.summary).toMatch(/^Warnung: „IT Helpdesk“/);
  });

  describe('"I know this person"', () => {
    const tap = (chatThreadId: unknown) =>
      bot.post(
        '/api/messages',
        dummyActivity('invoke.adaptive-card-action.personal', {
          serviceUrl: connector.serviceUrl,
          value: {
            action: { type: 'Action.Execute', verb: ACKNOWLEDGE_SENDER_VERB, data: { chatThreadId } },
          },
        }),
      );

    it('replaces the warning and records UserAcknowledged', async () => {
      const body = dummySignal();
      await signal(body);
      await waitFor('WarningDelivered', () => eventsOf('WarningDelivered', body.chatThreadId)[0]);

      const res = await tap(body.chatThreadId);

      expect(res.status).toBe(200);
      const answer = (await res.json()) as { statusCode: number; type: string; value: unknown };
      expect(answer.statusCode).toBe(200);
      expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(answer.value)).toContain('You said you know IT Helpdesk');
      expect(eventsOf('UserAcknowledged', body.chatThreadId)).toHaveLength(1);
    });

    it('answers an error for a chat this user was never warned about (card data is not trusted)', async () => {
      const res = await tap('19:forged_thread@unq.gbl.spaces');

      const answer = (await res.json()) as { statusCode: number; type: string };
      expect(answer.statusCode).toBe(404);
      expect(answer.type).toBe('application/vnd.microsoft.error');
      expect(bot.events.filter((event) => event.EventType === 'UserAcknowledged')).toHaveLength(0);
    });
  });
});
