import fc from 'fast-check';
import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { DUMMY_ENCRYPTION_CERTIFICATE_PEM } from '../../support/fake-graph-subscriptions';
import {
  anyHandshake,
  anyLifecycleCollection,
  anyNotificationCollection,
  type FuzzTokens,
} from '../../support/fuzz-graph';
import { onTheWire } from '../../support/fuzz-inputs';
import {
  DUMMY_APP_ID,
  DUMMY_CLIENT_STATE,
  createEncryptionKey,
  startFakeMicrosoftIdentity,
  type FakeMicrosoftIdentity,
} from '../../support/graph-notification-builder';

const KEY = createEncryptionKey('graph-fuzz-key');

const counter = async (bot: BotProcess, name: string): Promise<number> => {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'gm'))].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
};

/**
 * The Graph routes of the real process, with rich notifications on. Graph itself is out of
 * reach (its token authority refuses connections), so accepted notifications also exercise
 * the worker's failure paths; none of it may show on the routes or kill the process.
 */
describe('property: no input makes the Graph notification routes answer 5xx or die (npm start)', () => {
  let identity: FakeMicrosoftIdentity;
  let bot: BotProcess;
  let tokens: FuzzTokens;

  beforeAll(async () => {
    identity = await startFakeMicrosoftIdentity({ appId: DUMMY_APP_ID, tenantId: DUMMY_HOME_TENANT });
    tokens = {
      valid: await identity.validationToken(),
      expired: await identity.validationToken({ expiresInSeconds: -3600 }),
      stranger: await identity.validationToken({ signer: 'stranger' }),
    };
    const unreachable = `127.0.0.1:${await freePort()}`;
    bot = await startBotProcess({
      HOME_TENANT_ID: DUMMY_HOME_TENANT,
      MicrosoftAppId: DUMMY_APP_ID,
      MicrosoftAppPassword: 'graph-fuzz-app-password-0123456789',
      GRAPH_ENDPOINT: `http://${unreachable}`,
      GRAPH_AUTHORITY_HOST: `https://${unreachable}`,
      GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:9',
      GRAPH_CLIENT_STATE: DUMMY_CLIENT_STATE,
      GRAPH_NOTIFICATION_CERTIFICATE: DUMMY_ENCRYPTION_CERTIFICATE_PEM,
      GRAPH_NOTIFICATION_PRIVATE_KEY: KEY.privateKeyPem,
      GRAPH_NOTIFICATION_KEY_ID: KEY.keyId,
      GRAPH_JWKS_URL: identity.jwksUrl,
      INBOUND_RATE_LIMIT_PER_SECOND: '0',
    });
  });

  afterAll(async () => {
    // Shutdown waits for the Graph token requests in flight (they retry for seconds); not the subject here.
    await bot.stop(2_000);
    await identity.stop();
  });

  afterEach(async () => {
    expect(bot.alive()).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // Node 20 prints an unhandled rejection there before it exits, the SDK its console.error.
    expect(bot.unexpectedStderr()).toBe('');
  });

  it('POST /api/graph/notifications answers every collection below 500', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(onTheWire(anyNotificationCollection(KEY, tokens)), async ({ body, headers }) => {
        const res = await bot.post('/api/graph/notifications', body, headers);
        await res.arrayBuffer();
        seen.add(res.status);
        return res.status < 500;
      }),
      { numRuns: 250 },
    );

    // Not vacuous: some items passed every check and were stored, others were dropped or refused.
    expect([...seen]).toEqual(expect.arrayContaining([202, 400, 415]));
    expect(await counter(bot, 'helpdesk_guard_graph_notifications_accepted_total')).toBeGreaterThan(0);
    expect(await counter(bot, 'helpdesk_guard_graph_notifications_dropped_total')).toBeGreaterThan(0);
  }, 120_000);

  it('POST /api/graph/lifecycle answers every collection below 500', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(onTheWire(anyLifecycleCollection), async ({ body, headers }) => {
        const res = await bot.post('/api/graph/lifecycle', body, headers);
        await res.arrayBuffer();
        seen.add(res.status);
        return res.status < 500;
      }),
      { numRuns: 150 },
    );

    expect([...seen]).toEqual(expect.arrayContaining([202, 400, 415]));
  }, 120_000);

  it.each(['/api/graph/notifications', '/api/graph/lifecycle'])(
    'the validation handshake on %s echoes any token as text/plain, or refuses it below 500',
    async (path) => {
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(anyHandshake, async ({ sent, contentType }) => {
          const res = await fetch(`${bot.url}${path}?${sent.query}`, {
            method: 'POST',
            headers: contentType ? { 'content-type': contentType } : {},
          });
          const text = await res.text();
          seen.add(res.status);
          if (res.status !== 200) return res.status < 500;
          // Graph's own (encoded) tokens come back exactly, decoded; nothing comes back as JSON.
          return (
            res.headers.get('content-type') === 'text/plain; charset=utf-8' &&
            (sent.token === undefined || text === sent.token)
          );
        }),
        { numRuns: 100 },
      );

      expect([...seen]).toEqual(expect.arrayContaining([200, 400]));
    },
    60_000,
  );
});
