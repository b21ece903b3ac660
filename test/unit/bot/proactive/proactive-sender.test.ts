import { createProactiveSender } from '../../../../bot/proactive/proactive-sender';
import { silentLogger } from '../../../../src/log/logger';
import { MemoryConversationRefStore } from '../../../../src/store/memory';
import { MemoryRateLimiter } from '../../../../src/store/rate-limiter';

const user = { tenantId: 't1', aadObjectId: 'u1' };
const dummyCard = { type: 'AdaptiveCard' as const, version: '1.5', body: [] };
const reference = { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversation: { id: 'a:1' } };

/** A connector error as the SDK throws it (RestError: statusCode, response.headers.get). */
const restError = (statusCode: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${statusCode}`), {
    statusCode,
    response: { headers: { get: (name: string) => headers[name] } },
  });

/** A fake adapter whose sends answer from a script: an error to throw, or 'ok'. */
const fakeAdapter = (script: Array<Error | 'ok'>) => {
  const sends: number[] = [];
  return {
    sends,
    continueConversationAsync: async (
      _appId: unknown,
      _ref: unknown,
      logic: (context: never) => Promise<void>,
    ) => {
      await logic({
        sendActivity: async () => {
          sends.push(Date.now());
          const next = script.shift() ?? 'ok';
          if (next !== 'ok') throw next;
          return { id: `activity-${sends.length}` };
        },
      } as never);
    },
  };
};

const setup = async (
  script: Array<Error | 'ok'>,
  options: { maxAttempts?: number; withReference?: boolean } = {},
) => {
  const conversations = new MemoryConversationRefStore();
  if (options.withReference ?? true) await conversations.set(user, reference);
  const adapter = fakeAdapter(script);
  const sender = createProactiveSender({
    adapter: adapter as never,
    botAppId: '',
    conversations,
    rateLimiter: new MemoryRateLimiter(),
    tenantRatePerSecond: 1000,
    log: silentLogger(),
    maxAttempts: options.maxAttempts ?? 4,
    backoff: { baseMs: 1, maxMs: 5, retryAfterMaxMs: 50, random: () => 0.5 },
  });
  return { sender, adapter, conversations };
};

describe('proactive sender', () => {
  it('sends once and returns the activity ID', async () => {
    const { sender } = await setup(['ok']);

    expect(await sender.sendCard(user, dummyCard, 'summary')).toEqual({
      ok: true,
      activityId: 'activity-1',
      attempts: 1,
    });
  });

  it('fails with no_reference and sends nothing when the user never installed the bot', async () => {
    const { sender, adapter } = await setup([], { withReference: false });

    const outcome = await sender.sendCard(user, dummyCard, 'summary');

    expect(outcome).toEqual(expect.objectContaining({ ok: false, reason: 'no_reference', attempts: 0 }));
    expect(adapter.sends).toHaveLength(0);
  });

  it.each([412, 429, 502, 504])('retries %i and then delivers', async (status) => {
    const { sender } = await setup([restError(status), 'ok']);

    expect(await sender.sendCard(user, dummyCard, 'summary')).toEqual(
      expect.objectContaining({ ok: true, attempts: 2 }),
    );
  });

  it('waits at least the Retry-After of a 429', async () => {
    const { sender, adapter } = await setup([
      restError(429, { 'retry-after': '0.04' }),
      restError(429, { 'retry-after': '1' }),
      'ok',
    ]);

    await sender.sendCard(user, dummyCard, 'summary');

    // Retry-After: 1 s is capped at retryAfterMaxMs (50 ms) in this setup.
    expect(adapter.sends[2] - adapter.sends[1]).toBeGreaterThanOrEqual(45);
  });

  it('gives up after the last attempt with retries_exhausted and the status', async () => {
    const { sender, adapter } = await setup(
      [restError(502), restError(502), restError(502), restError(502), 'ok'],
      { maxAttempts: 4 },
    );

    const outcome = await sender.sendCard(user, dummyCard, 'summary');

    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, reason: 'retries_exhausted', status: 502, attempts: 4 }),
    );
    expect(adapter.sends).toHaveLength(4);
  });

  it.each([403, 404])('marks the reference stale on %i and does not retry', async (status) => {
    const { sender, adapter, conversations } = await setup([restError(status), 'ok']);

    const outcome = await sender.sendCard(user, dummyCard, 'summary');

    expect(outcome).toEqual(expect.objectContaining({ ok: false, reason: 'blocked', status }));
    expect(adapter.sends).toHaveLength(1);
    expect((await conversations.get(user))?.staleReason).toContain(String(status));
  });

  it("holds each attempt's place in the tenant cap from before its send until its answer, failed or not", async () => {
    const log: string[] = [];
    const limiter = new MemoryRateLimiter();
    const recording = {
      reserve: limiter.reserve.bind(limiter),
      acquire: async (key: string, limit: number, windowMs: number, place: string) => {
        log.push(`acquire ${key} ${place}`);
        return limiter.acquire(key, limit, windowMs, place);
      },
      settle: async (key: string, place: string) => {
        log.push(`settle ${key} ${place}`);
        return limiter.settle(key, place);
      },
    };
    const conversations = new MemoryConversationRefStore();
    await conversations.set(user, reference);
    const adapter = fakeAdapter([restError(503), 'ok']);
    const send = adapter.continueConversationAsync;
    adapter.continueConversationAsync = async (...args) => {
      log.push('send');
      await send(...args);
    };
    const sender = createProactiveSender({
      adapter: adapter as never,
      botAppId: '',
      conversations,
      rateLimiter: recording,
      tenantRatePerSecond: 50,
      log: silentLogger(),
      backoff: { baseMs: 1, maxMs: 5, retryAfterMaxMs: 50, random: () => 0.5 },
    });

    expect(await sender.sendCard(user, dummyCard, 'summary')).toEqual(
      expect.objectContaining({ ok: true, attempts: 2 }),
    );

    const places = log.filter((line) => line.startsWith('acquire')).map((line) => line.split(' ')[2]);
    expect(new Set(places).size).toBe(2);
    expect(log).toEqual([
      `acquire tenant:t1 ${places[0]}`,
      'send',
      `settle tenant:t1 ${places[0]}`,
      `acquire tenant:t1 ${places[1]}`,
      'send',
      `settle tenant:t1 ${places[1]}`,
    ]);
  });

  it('does not retry a request the connector rejects (400)', async () => {
    const { sender, adapter } = await setup([restError(400), 'ok']);

    expect(await sender.sendCard(user, dummyCard, 'summary')).toEqual(
      expect.objectContaining({ ok: false, reason: 'rejected' }),
    );
    expect(adapter.sends).toHaveLength(1);
  });

  it('retries network errors (no status)', async () => {
    const { sender } = await setup([
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      'ok',
    ]);

    expect(await sender.sendCard(user, dummyCard, 'summary')).toEqual(
      expect.objectContaining({ ok: true, attempts: 2 }),
    );
  });
});
