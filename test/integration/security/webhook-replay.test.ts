import type { FirstContactSignal } from '../../../src/signals/first-contact-signal';
import { signBody } from '../../../src/signals/signature';
import { connectTestRedis, testRedisUrl } from '../../support/redis';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

const PATH = '/api/signals/first-contact';
const ENV = { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET };

/** Counts what reaches the bot's first-contact queue (the queue the webhook stores into). */
const countEnqueued = (bot: TestBot): { count: number } => {
  const counter = { count: 0 };
  const queue = bot.stores.queue<FirstContactSignal>('first-contact');
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async (signal) => {
    counter.count += 1;
    return enqueue(signal);
  };
  return counter;
};

const answer = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as Record<string, unknown>,
});
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * A signed request is good for 300 s either side of its timestamp. Within that window a
 * captured request could be replayed at will; each signature is taken once (remembered in
 * the dedupe store, shared by replicas in Redis mode), so a replay stores nothing.
 */
describe('replayed and stale first-contact signals', () => {
  let bot: TestBot;
  let enqueued: { count: number };

  // One bot for the file (a stop costs half a second); each test counts from zero.
  beforeAll(async () => {
    bot = await startTestBot(ENV);
  });

  afterAll(async () => {
    await bot.stop();
  });

  beforeEach(() => {
    enqueued = countEnqueued(bot);
  });

  it('takes a signed request once; its replays get 202 duplicate and store nothing', async () => {
    const raw = JSON.stringify(dummySignal());
    const headers = signedHeaders(raw);
    const logsBefore = bot.logs.length;

    const first = await answer(await bot.post(PATH, raw, headers));
    const replays = [];
    for (let i = 0; i < 3; i += 1) replays.push(await answer(await bot.post(PATH, raw, headers)));

    expect(first).toEqual({ status: 202, body: { status: 'accepted', signalId: expect.any(String) } });
    expect(replays).toEqual(Array(3).fill({ status: 202, body: { status: 'duplicate' } }));
    expect(enqueued.count).toBe(1);
    const lines = bot.logs.slice(logsBefore).map((line) => line.msg);
    expect(lines.filter((msg) => msg === 'signal not stored again: signature already taken')).toHaveLength(3);
  });

  it('takes one of many concurrent copies', async () => {
    const raw = JSON.stringify(dummySignal());
    const headers = signedHeaders(raw);

    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => answer(await bot.post(PATH, raw, headers))),
    );

    expect(answers.filter((a) => a.body.status === 'accepted')).toHaveLength(1);
    expect(answers.filter((a) => a.body.status === 'duplicate')).toHaveLength(9);
    expect(enqueued.count).toBe(1);
  });

  it('knows a replay whose signature is written in upper case', async () => {
    const raw = JSON.stringify(dummySignal());
    const headers = signedHeaders(raw);
    await bot.post(PATH, raw, headers);

    const replay = await answer(
      await bot.post(PATH, raw, {
        ...headers,
        'x-signature-256': headers['x-signature-256'].toUpperCase().replace('SHA256=', 'sha256='),
      }),
    );

    expect(replay.body).toEqual({ status: 'duplicate' });
    expect(enqueued.count).toBe(1);
  });

  it('takes the same body signed anew (a sender resending), and warns once', async () => {
    const signal = dummySignal();
    const raw = JSON.stringify(signal);

    await bot.post(PATH, raw, signedHeaders(raw, DUMMY_WEBHOOK_SECRET, nowS() - 1));
    const resent = await answer(await bot.post(PATH, raw, signedHeaders(raw)));

    expect(resent.body.status).toBe('accepted');
    expect(enqueued.count).toBe(2);
    // The second one is the same first contact: the worker's dedupe drops it.
    await waitFor('the first contact', () =>
      bot.events.find((event) => event.EventType === 'FirstContactDetected'),
    );
    await waitFor('the resent signal handled', () =>
      bot.logs.find(
        (line) => line.msg === 'first contact already handled' && line.chatThreadId === signal.chatThreadId,
      ),
    );
    expect(
      bot.events.filter(
        (event) => event.ChatThreadId === signal.chatThreadId && event.EventType === 'FirstContactDetected',
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['301 s old', -301],
    ['301 s ahead', 301],
    ['a day old', -86_400],
  ])('refuses a correctly signed request %s with 401, storing nothing', async (_what, offset) => {
    const raw = JSON.stringify(dummySignal());

    const res = await answer(
      await bot.post(PATH, raw, signedHeaders(raw, DUMMY_WEBHOOK_SECRET, nowS() + offset)),
    );

    expect(res).toEqual({ status: 401, body: expect.objectContaining({ code: 'signature_invalid' }) });
    expect(res.body.message).toContain('more than 300 s from now');
    expect(enqueued.count).toBe(0);
  });

  it('refuses a fresh timestamp on an old signature (the timestamp is signed)', async () => {
    const raw = JSON.stringify(dummySignal());
    const old = nowS() - 400;

    const res = await bot.post(PATH, raw, {
      'x-timestamp': String(nowS()),
      'x-signature-256': signBody(DUMMY_WEBHOOK_SECRET, old, raw),
    });

    expect(res.status).toBe(401);
    expect(enqueued.count).toBe(0);
  });

  it('takes the identical retry of a request it could not store (503), not calling it a replay', async () => {
    const raw = JSON.stringify(dummySignal());
    const headers = signedHeaders(raw);
    const queue = bot.stores.queue<FirstContactSignal>('first-contact');
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = async () => {
      queue.enqueue = enqueue;
      throw new Error('Redis connection lost');
    };

    const failed = await bot.post(PATH, raw, headers);
    const retried = await answer(await bot.post(PATH, raw, headers));

    expect(failed.status).toBe(503);
    expect(retried.body.status).toBe('accepted');
  });
});

describe('replays across replicas (Redis)', () => {
  it('refuses at one replica what another replica took', async () => {
    await (await connectTestRedis()).quit();
    const env = { ...ENV, REDIS_URL: testRedisUrl() };
    const [a, b] = [await startTestBot(env), await startTestBot(env)];
    try {
      const counts = [countEnqueued(a), countEnqueued(b)];
      const raw = JSON.stringify(dummySignal());
      const headers = signedHeaders(raw);

      const first = await answer(await a.post(PATH, raw, headers));
      const replay = await answer(await b.post(PATH, raw, headers));

      expect([first.body.status, replay.body.status]).toEqual(['accepted', 'duplicate']);
      expect(counts.map((c) => c.count)).toEqual([1, 0]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
