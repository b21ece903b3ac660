import { DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';

const PATH = '/api/signals/first-contact';

describe('POST /api/signals/first-contact', () => {
  let harness: BotHarness;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    harness = await startBotWithConnector({ SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET });
    ({ bot, connector } = harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  const postSigned = (body: unknown, headers?: Record<string, string>) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return bot.post(PATH, raw, headers ?? signedHeaders(raw));
  };

  it('accepts a signed signal with 202 and a signal ID', async () => {
    const res = await postSigned(dummySignal());

    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', signalId: expect.any(String) });
  });

  it('answers 202 to a duplicate too', async () => {
    const signal = dummySignal();

    expect((await postSigned(signal)).status).toBe(202);
    expect((await postSigned(signal)).status).toBe(202);
  });

  it.each([
    ['no signature headers', () => ({ 'content-type': 'application/json' })],
    [
      'a signature made with another secret',
      (raw: string) => signedHeaders(raw, 'another-secret-0123456789abcdef01234'),
    ],
    [
      'a timestamp older than 300 s',
      (raw: string) => signedHeaders(raw, DUMMY_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301),
    ],
    [
      'a timestamp in the future',
      (raw: string) => signedHeaders(raw, DUMMY_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 400),
    ],
    [
      'a malformed signature',
      () => ({ 'x-timestamp': String(Math.floor(Date.now() / 1000)), 'x-signature-256': 'md5=abc' }),
    ],
  ])('refuses %s with 401', async (_what, headersFor: (raw: string) => Record<string, string>) => {
    const raw = JSON.stringify(dummySignal());

    const res = await bot.post(PATH, raw, headersFor(raw));

    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('signature_invalid');
  });

  it('refuses a body changed after signing with 401', async () => {
    const raw = JSON.stringify(dummySignal());
    const headers = signedHeaders(raw);

    const res = await bot.post(PATH, raw.replace('IT Helpdesk', 'IT Helpdesq'), headers);

    expect(res.status).toBe(401);
  });

  it('never echoes the secret in a refusal', async () => {
    const raw = JSON.stringify(dummySignal());

    const res = await bot.post(PATH, raw, signedHeaders(raw, 'another-secret-0123456789abcdef01234'));

    expect(await res.text()).not.toContain(DUMMY_WEBHOOK_SECRET);
    expect(JSON.stringify(bot.logs)).not.toContain(DUMMY_WEBHOOK_SECRET);
  });

  it.each([
    ['not JSON', '{"chatThreadId": ', 'not JSON'],
    ['a bad thread ID', JSON.stringify(dummySignal({ chatThreadId: 'general' })), 'chatThreadId'],
    ['a bad time', JSON.stringify(dummySignal({ observedAt: 'yesterday' })), 'observedAt'],
    ['no recipient', JSON.stringify({ ...dummySignal(), recipient: undefined }), 'recipient'],
    [
      'a recipient that is not an object ID',
      JSON.stringify(dummySignal({ recipient: { aadObjectId: 'alice' } })),
      'recipient.aadObjectId',
    ],
    ['an unknown field', JSON.stringify(dummySignal({ extra: true })), 'extra'],
  ])('refuses %s with 400 and a reason', async (_what, raw, reason) => {
    const res = await postSigned(raw);

    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('body_invalid');
    expect(body.message).toContain(reason);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const raw = JSON.stringify(dummySignal({ source: 'x'.repeat(70 * 1024) }));

    const res = await postSigned(raw);

    expect(res.status).toBe(413);
  });

  it('enqueues before answering: the warning follows the 202', async () => {
    await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
    );
    await connector.waitForActivities(1);

    expect((await postSigned(dummySignal())).status).toBe(202);

    await connector.waitForActivities(2);
    expect(bot.events.map((event) => event.EventType)).toContain('FirstContactDetected');
    expect(
      bot.events.find((event) => event.EventType === 'FirstContactDetected')?.VictimAccountObjectId,
    ).toBe(DUMMY_USER_ID);
  });
});

describe('POST /api/signals/first-contact when the queue is down', () => {
  it('answers 503 with Retry-After, so the sender retries instead of losing the signal', async () => {
    const bot = await startTestBot({ SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET });
    const queue = bot.stores.queue('first-contact');
    queue.enqueue = async () => {
      throw new Error('Redis connection lost');
    };
    try {
      const raw = JSON.stringify(dummySignal());
      const res = await bot.post(PATH, raw, signedHeaders(raw));

      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await bot.stop();
    }
  });
});

describe('POST /api/signals/first-contact without SIGNAL_WEBHOOK_SECRET', () => {
  it('does not exist (404)', async () => {
    const bot = await startTestBot();
    try {
      const raw = JSON.stringify(dummySignal());
      const res = await bot.post(PATH, raw, signedHeaders(raw));

      expect(res.status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});
