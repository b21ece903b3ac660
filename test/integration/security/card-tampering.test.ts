import { randomUUID } from 'node:crypto';
import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { REMOTE_TOOL_NOT_ME_VERB } from '../../../cards/remote-tool-verbs';
import { REPORT_CHAT_VERB } from '../../../cards/report-verbs';
import { VERIFY_CALLER_VERB } from '../../../cards/verification-verbs';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { ALICE, BOB, STAFF, codeOn, guardFlows, textOf } from '../../support/guard-flows';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { waitFor } from '../../support/wait-for';

/** Card data a forger adds to pass as someone else: none of it may count. */
const posingAs = (who: { aadObjectId: string }) => ({
  aadObjectId: who.aadObjectId,
  userId: who.aadObjectId,
  recipient: { aadObjectId: who.aadObjectId },
  from: { aadObjectId: who.aadObjectId },
  tenantId: DUMMY_HOME_TENANT,
});

/**
 * Card data is input: the tapping user comes from the activity, and a chat named by a card
 * counts only when the bot warned THAT user about it. Bob, another employee, forges taps on
 * Alice's warning; Alice taps about chats she was never warned about.
 */
describe('card-data tampering', () => {
  let harness: BotHarness;
  let flows: ReturnType<typeof guardFlows>;
  let aliceChat: string;
  let eventsBefore = 0;

  beforeAll(async () => {
    harness = await startBotWithConnector(
      { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET, HELPDESK_STAFF_IDS: STAFF.aadObjectId },
      { install: ['user'] },
    );
    flows = guardFlows(harness);
    await flows.install(BOB);
    aliceChat = await flows.warn(ALICE);
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(() => {
    eventsBefore = harness.bot.events.length;
  });

  const eventsOf = (type: string) =>
    harness.bot.events.slice(eventsBefore).filter((event) => event.EventType === type);
  const aliceEntry = () =>
    harness.bot.stores.firstContacts.get(DUMMY_HOME_TENANT, ALICE.aadObjectId, aliceChat);

  it("refuses Bob's report of Alice's warned chat, however the card data poses", async () => {
    const answer = await flows.tap(BOB, REPORT_CHAT_VERB, { chatThreadId: aliceChat, ...posingAs(ALICE) });

    expect(answer).toEqual(
      expect.objectContaining({ statusCode: 404, type: 'application/vnd.microsoft.error' }),
    );
    expect(eventsOf('ChatReported')).toEqual([]);
    expect(await harness.bot.stores.reports.findByThread(DUMMY_HOME_TENANT, aliceChat)).toBeUndefined();
  });

  it("refuses Bob's acknowledgement of Alice's warning: the sender is not vouched for", async () => {
    const answer = await flows.tap(BOB, ACKNOWLEDGE_SENDER_VERB, {
      chatThreadId: aliceChat,
      ...posingAs(ALICE),
    });

    expect(answer.statusCode).toBe(404);
    expect(eventsOf('UserAcknowledged')).toEqual([]);
  });

  it("records nothing on Alice's chat when Bob checks his own code naming it", async () => {
    const code = codeOn(await flows.say(STAFF, `issue code ${BOB.aadObjectId}`));

    const answer = await flows.tap(BOB, VERIFY_CALLER_VERB, {
      chatThreadId: aliceChat,
      code,
      ...posingAs(ALICE),
    });

    expect(textOf(answer)).toMatch(/Genuine/i);
    const succeeded = eventsOf('VerificationSucceeded');
    expect(succeeded.map((event) => [event.VictimAccountObjectId, event.ChatThreadId ?? null])).toEqual([
      [BOB.aadObjectId, null],
    ]);
    expect((await aliceEntry())?.verificationAttempts).toEqual([]);
  });

  it("refuses Alice's code to Bob and leaves it good for Alice", async () => {
    const code = codeOn(await flows.say(STAFF, `issue code ${ALICE.aadObjectId}`));

    const bobs = await flows.tap(BOB, VERIFY_CALLER_VERB, {
      chatThreadId: aliceChat,
      code,
      ...posingAs(ALICE),
    });

    expect(textOf(bobs)).toContain('not issued to you');
    expect(eventsOf('VerificationSucceeded')).toEqual([]);
    const alices = await flows.tap(ALICE, VERIFY_CALLER_VERB, { chatThreadId: aliceChat, code });
    expect(textOf(alices)).toMatch(/Genuine/i);
  });

  it("refuses Bob's answer to Alice's remote-tool alert", async () => {
    const alertId = randomUUID();
    await harness.bot.stores.remoteToolAlerts.add({
      alertId,
      tenantId: DUMMY_HOME_TENANT,
      user: { aadObjectId: ALICE.aadObjectId, upn: 'alice@contoso.com', displayName: ALICE.name },
      device: { id: 'd1', name: 'ALICE-LAPTOP' },
      tool: 'Quick Assist',
      processName: 'QuickAssist.exe',
      startedAt: Date.now(),
      warnedAt: Date.now() - 60_000,
      chatThreadId: aliceChat,
      sender: {
        displayName: 'IT Helpdesk',
        upn: 'it@helpdesk-fabrikam.onmicrosoft.com',
        tenantId: DUMMY_OTHER_TENANT,
      },
      createdAt: Date.now(),
    });

    const answer = await flows.tap(BOB, REMOTE_TOOL_NOT_ME_VERB, { alertId, ...posingAs(ALICE) });

    expect(answer.statusCode).toBe(404);
    expect((await harness.bot.stores.remoteToolAlerts.get(alertId))?.answer).toBeUndefined();
  });

  it("refuses Alice's taps about Bob's warned chat", async () => {
    const bobChat = await flows.warn(BOB);

    const report = await flows.tap(ALICE, REPORT_CHAT_VERB, { chatThreadId: bobChat, ...posingAs(BOB) });
    const acknowledge = await flows.tap(ALICE, ACKNOWLEDGE_SENDER_VERB, { chatThreadId: bobChat });

    expect([report.statusCode, acknowledge.statusCode]).toEqual([404, 404]);
    expect([...eventsOf('ChatReported'), ...eventsOf('UserAcknowledged')]).toEqual([]);
  });

  it('refuses an acknowledgement of a first contact Alice was never warned about', async () => {
    // A colleague-like name from outside: logged as a first contact, not worth a warning.
    const signal = dummySignal({ sender: { displayName: 'Jane Doe', tenantId: DUMMY_OTHER_TENANT } });
    const raw = JSON.stringify(signal);
    expect((await harness.bot.post('/api/signals/first-contact', raw, signedHeaders(raw))).status).toBe(202);
    const chat = signal.chatThreadId as string;
    await waitFor('the first contact', () =>
      harness.bot.events.find(
        (event) => event.EventType === 'FirstContactDetected' && event.ChatThreadId === chat,
      ),
    );

    const answer = await flows.tap(ALICE, ACKNOWLEDGE_SENDER_VERB, { chatThreadId: chat });

    expect(answer.statusCode).toBe(404);
    expect(eventsOf('WarningDelivered')).toEqual([]);
    expect(eventsOf('UserAcknowledged')).toEqual([]);
  });

  it("lets Alice herself report and acknowledge her warned chat (the refusals above are Bob's, not the bot's)", async () => {
    const acknowledge = await flows.tap(ALICE, ACKNOWLEDGE_SENDER_VERB, { chatThreadId: aliceChat });
    const report = await flows.tap(ALICE, REPORT_CHAT_VERB, { chatThreadId: aliceChat });

    expect([acknowledge.statusCode, report.statusCode]).toEqual([200, 200]);
    expect(eventsOf('UserAcknowledged')).toHaveLength(1);
    expect(eventsOf('ChatReported')).toHaveLength(1);
  });
});
