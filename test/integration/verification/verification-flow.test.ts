import { CHALLENGE_CALLER_VERB, VERIFY_CALLER_VERB } from '../../../cards/verification-verbs';
import { DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector';
import type { TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const STAFF_ID = 'b8be024b-ad3a-4e18-a4a4-ec30328b3f86';
const OTHER_USER_ID = '414973bc-ef0d-4a2f-8e63-47bf06945218';

const staffMessage = (serviceUrl: string, text: string) =>
  dummyActivity('message.personal.text', {
    serviceUrl,
    text,
    from: { id: '29:staff', name: 'Megan Bowen', aadObjectId: STAFF_ID },
    conversation: { id: 'a:staff-chat' },
  });

const userMessage = (serviceUrl: string, text: string, aadObjectId = DUMMY_USER_ID) =>
  dummyActivity('message.personal.text', {
    serviceUrl,
    text,
    from: { id: `29:${aadObjectId}`, name: 'Alice Example', aadObjectId },
    conversation: { id: `a:chat-${aadObjectId}` },
  });

/** The six digits on the last card sent into a conversation ("482 913" on the card). */
const codeOnCard = (call: ConnectorCall): string => {
  const match = /"(\d{3}) (\d{3})"/.exec(JSON.stringify(call.body.attachments));
  if (!match) throw new Error('no code on the card');
  return `${match[1]}${match[2]}`;
};

describe('verification through the bot', () => {
  let harness: BotHarness;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    harness = await startBotWithConnector({ HELPDESK_STAFF_IDS: STAFF_ID });
    ({ bot, connector } = harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  const say = async (activity: Record<string, unknown>): Promise<ConnectorCall> => {
    const before = connector.accepted().length;
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    await connector.waitForActivities(before + 1);
    return connector.accepted()[before];
  };
  const issue = async (target = DUMMY_USER_ID) =>
    codeOnCard(await say(staffMessage(connector.serviceUrl, `issue code ${target}`)));
  const textOf = (call: ConnectorCall) => JSON.stringify(call.body);

  it('staff issue a code, the user checks it once and learns who issued it', async () => {
    const code = await issue();

    const answer = await say(
      userMessage(connector.serviceUrl, `verify ${code.slice(0, 3)} ${code.slice(3)}`),
    );

    expect(textOf(answer)).toContain('Megan Bowen');
    expect(textOf(answer)).toMatch(/Genuine/i);
    expect(bot.events.map((event) => event.EventType)).toEqual(
      expect.arrayContaining(['VerificationCodeIssued', 'VerificationSucceeded']),
    );
  });

  it('refuses a code used twice', async () => {
    const code = await issue();
    await say(userMessage(connector.serviceUrl, `verify ${code}`));

    const second = await say(userMessage(connector.serviceUrl, `verify ${code}`));

    expect(textOf(second)).toContain('already been used');
    expect(textOf(second)).toContain('Not verified');
  });

  it("refuses someone else's code", async () => {
    const code = await issue(OTHER_USER_ID);

    const answer = await say(userMessage(connector.serviceUrl, `verify ${code}`));

    expect(textOf(answer)).toContain('not issued to you');
  });

  it('refuses a non-staff issuer politely and issues nothing', async () => {
    const answer = await say(userMessage(connector.serviceUrl, `issue code ${OTHER_USER_ID}`));

    expect(String(answer.body.text)).toMatch(/only|staff/i);
    expect(bot.events.filter((event) => event.EventType === 'VerificationCodeIssued')).toHaveLength(0);
  });

  it('locks further checks after five wrong codes and raises VerificationLockedOut', async () => {
    const code = await issue();
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i += 1) await say(userMessage(connector.serviceUrl, `verify ${wrong}`));

    const locked = await say(userMessage(connector.serviceUrl, `verify ${code}`));

    expect(textOf(locked)).toMatch(/too many|locked|try again/i);
    const lockout = bot.events.find((event) => event.EventType === 'VerificationLockedOut');
    expect(lockout?.Severity).toBe('High');
  });

  it('never writes a code into a log line or an event', async () => {
    const code = await issue();
    await say(userMessage(connector.serviceUrl, `verify ${code}`));

    expect(JSON.stringify(bot.logs)).not.toContain(code);
    expect(JSON.stringify(bot.events)).not.toContain(code);
  });

  it('answers plain "verify" with the check form', async () => {
    const answer = await say(userMessage(connector.serviceUrl, 'verify'));

    expect(textOf(answer)).toContain(VERIFY_CALLER_VERB);
  });

  it('checks a code entered on a card (Action.Execute) and answers with a refreshed card', async () => {
    const code = await issue();

    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        value: {
          action: {
            type: 'Action.Execute',
            verb: VERIFY_CALLER_VERB,
            data: { chatThreadId: '19:x_y@unq.gbl.spaces', code },
          },
        },
      }),
    );

    const answer = (await res.json()) as { statusCode: number; value: unknown };
    expect(answer.statusCode).toBe(200);
    expect(JSON.stringify(answer.value)).toContain('Megan Bowen');
  });

  it('challenge-back: the user gets a code, staff confirm it, the user is told who confirmed', async () => {
    await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
    );
    await connector.waitForActivities(1);
    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', {
        serviceUrl: connector.serviceUrl,
        value: { action: { type: 'Action.Execute', verb: CHALLENGE_CALLER_VERB, data: {} } },
      }),
    );
    const challenge = /"(\d{3}) (\d{3})"/.exec(
      JSON.stringify(((await res.json()) as { value: unknown }).value),
    );
    expect(challenge).not.toBeNull();

    await bot.post(
      '/api/messages',
      staffMessage(connector.serviceUrl, `confirm ${challenge![1]}${challenge![2]}`),
    );

    const reply = await waitFor('the reply to staff', () =>
      connector.accepted().find((call) => call.conversationId === 'a:staff-chat'),
    );
    expect(String(reply.body.text)).toContain('Confirmed');
    await waitFor('the confirmation card', () =>
      connector
        .accepted()
        .find((call) => call.conversationId.startsWith('a:1Zq3') && textOf(call).includes('Megan Bowen')),
    );
  });

  it('refuses confirm from a non-staff member', async () => {
    const answer = await say(userMessage(connector.serviceUrl, 'confirm 123456', OTHER_USER_ID));

    expect(String(answer.body.text)).toMatch(/only|staff/i);
  });
});
