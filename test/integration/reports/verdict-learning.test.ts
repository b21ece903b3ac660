import { REPORT_BENIGN_VERB, REPORT_CHAT_VERB, REPORT_MALICIOUS_VERB } from '../../../cards/report-verbs';
import { REPORT_BENIGN_ORGANISATION_VERB, SENDER_LIST_REMOVE_VERB } from '../../../cards/sender-list-verbs';
import type { EventInput } from '../../../src/events/schema';
import {
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
  DUMMY_SECURITY_CHANNEL,
  DUMMY_ANALYST_ID,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import type { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import type { TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const CHANNEL = DUMMY_SECURITY_CHANNEL;
const ANALYST_ID = DUMMY_ANALYST_ID;
const HELPDESK_UPN = 'it@helpdesk-fabrikam.onmicrosoft.com';

type InvokeAnswer = { statusCode: number; type: string; value: unknown };

/** The security team's verdicts teach the bot: issue 21, end to end through the real bot. */
describe('the security team’s verdicts teach the bot', () => {
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

  const ofChat = (type: EventInput['EventType'], chat: string) =>
    bot.events.find((event) => event.EventType === type && event.ChatThreadId === chat);

  /** Posts a signed first-contact signal and waits until the worker decided about it. */
  const signal = async (overrides: Record<string, unknown> = {}) => {
    const body = dummySignal(overrides);
    const raw = JSON.stringify(body);
    expect((await bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    const chat = body.chatThreadId as string;
    const detected = await waitFor('the first contact', () => ofChat('FirstContactDetected', chat));
    return { chat, detected };
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
  /** A warned chat, reported by Alice and triaged by the analyst with `verb`. */
  const reportAndTriage = async (verb: string) => {
    const first = await signal();
    await waitFor('the warning', () => ofChat('WarningDelivered', first.chat));
    await tap(REPORT_CHAT_VERB, { chatThreadId: first.chat });
    const card = await waitFor('the security card', () =>
      connector.accepted().find((call) => call.conversationId === CHANNEL),
    );
    const reportId = /"reportId":"([^"]+)"/.exec(JSON.stringify(card.body))?.[1];
    if (!reportId) throw new Error('no report ID on the security card');
    expect((await tap(verb, { reportId }, ANALYST_ID, 'Isaiah Langer')).statusCode).toBe(200);
    return reportId;
  };
  const listChanges = () => bot.events.filter((event) => event.EventType === 'SenderListChanged');

  it('warns High about an ordinary name from a tenant triaged malicious, the security team first', async () => {
    const reportId = await reportAndTriage(REPORT_MALICIOUS_VERB);
    expect(
      listChanges().map((event) => [event.Details?.action, event.Details?.kind, event.Details?.reportId]),
    ).toEqual([
      ['added', 'sender', reportId],
      ['added', 'tenant', reportId],
      ['added', 'domain', reportId],
    ]);

    // Another sender of the same tenant, on another domain, with a name that looks like no one.
    const next = await signal({
      sender: {
        displayName: 'Jordan Miller',
        upn: 'jordan.miller@fabrikam-partners.example',
        tenantId: DUMMY_OTHER_TENANT,
      },
    });

    expect(next.detected).toMatchObject({
      Severity: 'High',
      Details: expect.objectContaining({
        verdict: 'warn',
        senderList: expect.objectContaining({
          list: 'block',
          kind: 'tenant',
          value: DUMMY_OTHER_TENANT,
          reportId,
        }),
      }),
    });
    expect((next.detected.Details?.reasons as string[])[0]).toBe('reported_by_security_team');
    await waitFor('the warning about the next contact', () => ofChat('WarningDelivered', next.chat));
    const warning = connector.accepted().find((call) => JSON.stringify(call.body).includes(next.chat));
    expect(JSON.stringify(warning?.body)).toContain(
      "Your security team reported this sender's organisation as an attack.",
    );
  });

  it('does not warn again about a sender triaged benign', async () => {
    await reportAndTriage(REPORT_BENIGN_VERB);
    expect(
      listChanges().map((event) => [event.Details?.action, event.Details?.list, event.Details?.kind]),
    ).toEqual([['added', 'allow', 'sender']]);

    const next = await signal();

    expect(next.detected.Details).toMatchObject({
      verdict: 'none',
      senderList: { list: 'allow', kind: 'sender' },
    });
    expect((next.detected.Details?.reasons as string[])[0]).toBe('allowed_by_security_team');
    expect(ofChat('WarningDelivered', next.chat)).toBeUndefined();
    expect(JSON.stringify(connector.accepted())).not.toContain(next.chat);
  });

  it('still warns about another sender of a tenant whose sender alone was triaged benign', async () => {
    await reportAndTriage(REPORT_BENIGN_VERB);

    const next = await signal({
      sender: {
        displayName: 'IT Helpdesk',
        upn: 'service.desk@helpdesk-fabrikam.onmicrosoft.com',
        tenantId: DUMMY_OTHER_TENANT,
      },
    });

    expect(next.detected.Details).toMatchObject({ verdict: 'warn' });
    await waitFor('the warning', () => ofChat('WarningDelivered', next.chat));
  });

  it('does not warn about another sender of an organisation the analyst chose to trust', async () => {
    await reportAndTriage(REPORT_BENIGN_ORGANISATION_VERB);

    const next = await signal({
      sender: {
        displayName: 'IT Helpdesk',
        upn: 'service.desk@helpdesk-fabrikam.onmicrosoft.com',
        tenantId: DUMMY_OTHER_TENANT,
      },
    });

    expect(next.detected.Details).toMatchObject({
      verdict: 'none',
      senderList: { list: 'allow', kind: 'tenant' },
    });
  });

  it('lets the analyst see the blocklist and remove the tenant, after which an ordinary name is not warned', async () => {
    await reportAndTriage(REPORT_MALICIOUS_VERB);
    const before = connector.accepted().length;

    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', {
        serviceUrl: connector.serviceUrl,
        text: 'blocklist',
        from: { id: '29:isaiah', name: 'Isaiah Langer', aadObjectId: ANALYST_ID },
        conversation: { id: 'a:isaiah-chat' },
      }),
    );
    await connector.waitForActivities(before + 1);
    const list = JSON.stringify(connector.accepted()[before].body);
    expect(list).toContain(DUMMY_OTHER_TENANT);
    expect(list).toContain(SENDER_LIST_REMOVE_VERB);

    for (const [kind, value] of [
      ['tenant', DUMMY_OTHER_TENANT],
      ['domain', 'helpdesk-fabrikam.onmicrosoft.com'],
      ['sender', HELPDESK_UPN],
    ])
      expect(
        (await tap(SENDER_LIST_REMOVE_VERB, { list: 'block', kind, value }, ANALYST_ID, 'Isaiah Langer'))
          .statusCode,
      ).toBe(200);
    const next = await signal({
      sender: {
        displayName: 'Jordan Miller',
        upn: 'jordan.miller@fabrikam-partners.example',
        tenantId: DUMMY_OTHER_TENANT,
      },
    });

    expect(listChanges().filter((event) => event.Details?.action === 'removed')).toHaveLength(3);
    expect(next.detected.Details).toMatchObject({ verdict: 'none' });
    expect(next.detected.Details).not.toHaveProperty('senderList');
  });
});
