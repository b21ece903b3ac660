import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT, dummyActivity } from '../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { dummyChangeNotification, DUMMY_CLIENT_STATE } from '../../support/graph-notification-builder';
import { DUMMY_WEBHOOK_SECRET, dummySignal, signedHeaders } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';

/** A small budget so a burst is a handful of requests: 3 at once, then 1 per second. */
const LIMITED = {
  INBOUND_RATE_LIMIT_PER_SECOND: '1',
  INBOUND_RATE_LIMIT_BURST: '3',
  SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET,
};
const BURST = 3;

/** Addresses from the documentation ranges (RFC 5737, RFC 3849). */
let nextClient = 0;
const newClient = () => `203.0.113.${++nextClient}`;

/** An activity the bot answers at once (no reply to send): the limit, not the turn, is under test. */
const message = () => dummyActivity('message.personal.text', { type: 'typing', text: undefined });

/**
 * The per-address limit on the public routes, over real HTTP on loopback. Behind one
 * trusted proxy the client is the address that proxy appended to X-Forwarded-For.
 */
describe('the inbound rate limit (TRUSTED_PROXY_HOPS=1)', () => {
  let graph: FakeGraph;
  let bot: TestBot;

  beforeAll(async () => {
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: DUMMY_HOME_TENANT }).start();
    const port = await freePort();
    bot = await startTestBot(
      {
        ...LIMITED,
        TRUSTED_PROXY_HOPS: '1',
        GRAPH_ENDPOINT: graph.url,
        GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}`,
        GRAPH_CLIENT_STATE: DUMMY_CLIENT_STATE,
      },
      { port, graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } },
    );
  });

  afterAll(async () => {
    await bot.stop();
    await graph.stop();
  });

  const asClient = (forwardedFor: string) => ({ 'x-forwarded-for': forwardedFor });
  /**
   * Spends a client's whole burst on /api/messages at once (each is served); the requests
   * after it come within the same second, before a token is back.
   */
  const exhaust = async (client: string) => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, () => bot.post('/api/messages', message(), asClient(client))),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(BURST).fill(200));
  };

  it('answers the request after a burst with 429, Retry-After and a JSON code', async () => {
    const client = newClient();
    await exhaust(client);

    const res = await bot.post('/api/messages', message(), asClient(client));

    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ code: 'rate_limited', message: expect.stringContaining('retry in') });
  });

  it('logs one line for a run of refusals, naming the client', async () => {
    const client = newClient();
    await exhaust(client);
    const before = bot.logs.length;

    for (let i = 0; i < 5; i += 1) await bot.post('/api/messages', message(), asClient(client));

    const lines = bot.logs
      .slice(before)
      .filter((line) => line.msg === 'requests refused: inbound rate limit' && line.client === client);
    expect(lines).toEqual([expect.objectContaining({ route: '/api/messages', retryAfterSeconds: 1 })]);
  });

  it('serves another client at once', async () => {
    await exhaust(newClient());

    const res = await bot.post('/api/messages', message(), asClient(newClient()));

    expect(res.status).toBe(200);
  });

  it('takes the address the trusted proxy appended, whatever the client wrote before it', async () => {
    const client = newClient();
    await exhaust(client);

    const spoofed = await Promise.all(
      ['198.51.100.1', '10.0.0.1, 198.51.100.2', 'unknown'].map((written) =>
        bot.post('/api/messages', message(), asClient(`${written}, ${client}`)),
      ),
    );

    expect(spoofed.map((res) => res.status)).toEqual([429, 429, 429]);
  });

  it('counts an IPv6 client by its /64', async () => {
    await exhaust('2001:db8:1:2::1');

    const sameNetwork = await bot.post('/api/messages', message(), asClient('2001:db8:1:2:ffff::9'));
    const nextNetwork = await bot.post('/api/messages', message(), asClient('2001:db8:1:3::1'));

    expect([sameNetwork.status, nextNetwork.status]).toEqual([429, 200]);
  });

  it('spends one budget per client on every public route: the webhook and the Graph routes too', async () => {
    const client = newClient();
    await exhaust(client);
    const raw = JSON.stringify(dummySignal());

    const answers = await Promise.all([
      bot.post('/api/signals/first-contact', raw, { ...signedHeaders(raw), ...asClient(client) }),
      bot.post('/api/graph/notifications', { value: [dummyChangeNotification()] }, asClient(client)),
      bot.post('/api/graph/lifecycle', { value: [] }, asClient(client)),
      fetch(`${bot.url}/api/graph/notifications?validationToken=x`, {
        method: 'POST',
        headers: asClient(client),
      }),
    ]);

    expect(answers.map((res) => res.status)).toEqual([429, 429, 429, 429]);
  });

  it('never limits /healthz, /readyz or /metrics', async () => {
    const client = newClient();
    await exhaust(client);

    const probes = [];
    for (let i = 0; i < 10; i += 1)
      for (const path of ['/healthz', '/readyz', '/metrics'])
        probes.push((await fetch(`${bot.url}${path}`, { headers: asClient(client) })).status);

    expect(new Set(probes)).toEqual(new Set([200]));
  });

  it('serves the client again once its Retry-After has passed', async () => {
    const client = newClient();
    await exhaust(client);
    const refused = await bot.post('/api/messages', message(), asClient(client));
    expect(refused.status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1_000));

    expect((await bot.post('/api/messages', message(), asClient(client))).status).toBe(200);
  });
});

describe('the inbound rate limit without trusted proxies (the default)', () => {
  it.each([
    [
      'counts the socket address and ignores X-Forwarded-For, which anyone can write',
      LIMITED,
      [200, 200, 200, 429, 429],
    ],
    [
      'is off with INBOUND_RATE_LIMIT_PER_SECOND=0',
      { ...LIMITED, INBOUND_RATE_LIMIT_PER_SECOND: '0' },
      [200, 200, 200, 200, 200],
    ],
  ])('%s', async (_what, env, expected) => {
    const bot = await startTestBot(env);
    try {
      // At once, each from an address of its own in X-Forwarded-For.
      const answers = await Promise.all(
        expected.map(() => bot.post('/api/messages', message(), { 'x-forwarded-for': newClient() })),
      );
      const statuses = answers.map((res) => res.status).sort();

      expect(statuses).toEqual(expected);
    } finally {
      await bot.stop();
    }
  });
});
