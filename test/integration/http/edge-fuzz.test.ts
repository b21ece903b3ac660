import fc from 'fast-check';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { FakeConnector } from '../../support/fake-connector';
import { anyActivity } from '../../support/fuzz-activities';
import { anySignal, mutated, onTheWire, webhookSignature } from '../../support/fuzz-inputs';
import { connectTestRedis, testRedisUrl } from '../../support/redis';

const WEBHOOK_SECRET = 'edge-fuzz-webhook-secret-0123456789abcdef012';

const modes: Array<[string, { messagesRuns: number; webhookRuns: number; redis: boolean }]> = [
  ['memory stores', { messagesRuns: 400, webhookRuns: 200, redis: false }],
  ['Redis stores', { messagesRuns: 150, webhookRuns: 80, redis: true }],
];

describe.each(modes)(
  'property: no input makes the public routes answer 5xx or die (npm start, local mode, %s)',
  (_mode, { messagesRuns, webhookRuns, redis }) => {
    let connector: FakeConnector;
    let bot: BotProcess;

    beforeAll(async () => {
      if (redis) await (await connectTestRedis()).quit();
      connector = await new FakeConnector().start();
      bot = await startBotProcess({
        HOME_TENANT_ID: DUMMY_HOME_TENANT,
        SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
        // The fuzzer is one client sending as fast as it can: the limit has its own test.
        INBOUND_RATE_LIMIT_PER_SECOND: '0',
        ...(redis ? { REDIS_URL: testRedisUrl() } : {}),
      });
    });

    afterAll(async () => {
      await bot.stop();
      await connector.stop();
    });

    afterEach(async () => {
      expect(bot.alive()).toBe(true);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      // Node 20 prints an unhandled rejection there before it exits, the SDK its console.error.
      expect(bot.unexpectedStderr()).toBe('');
    });

    it('POST /api/messages answers every activity kind, real or mutated, below 500', async () => {
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(onTheWire(mutated(anyActivity(connector.serviceUrl))), async ({ body, headers }) => {
          const res = await bot.post('/api/messages', body, headers);
          await res.arrayBuffer();
          seen.add(res.status);
          return res.status < 500;
        }),
        { numRuns: messagesRuns },
      );

      // Not vacuous: some inputs were real enough to run a turn, others were refused.
      expect([...seen]).toEqual(expect.arrayContaining([200, 400, 415]));
      expect(connector.accepted().length).toBeGreaterThan(0);
    }, 120_000);

    it('POST /api/signals/first-contact answers every body, signed or not, below 500', async () => {
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(onTheWire(anySignal), fc.nat(3), async ({ body, text, headers }, unsigned) => {
          // Signed over the decoded text, as the webhook checks it; one in four goes unsigned.
          const res = await bot.post('/api/signals/first-contact', body, {
            ...headers,
            ...(unsigned === 0 ? {} : webhookSignature(WEBHOOK_SECRET, text)),
          });
          await res.arrayBuffer();
          seen.add(res.status);
          return res.status < 500;
        }),
        { numRuns: webhookRuns },
      );

      expect([...seen]).toEqual(expect.arrayContaining([202, 400, 401, 415]));
    }, 120_000);
  },
);
