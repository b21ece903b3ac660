/**
 * The bot's event path in a child process, for crash-test.test.ts: a Redis-backed
 * pipeline with a HEC sink that emits a paced burst of first contacts and prints
 * "emitted <EventId>" once each emit() has resolved, then keeps delivering until killed.
 * Run with tsx; the one argument is JSON (see ChildOptions).
 */
import { Registry } from 'prom-client';
import { defaultEventsConfig } from '../../../src/config/events-config';
import { createEventPipeline } from '../../../src/events';
import { silentLogger } from '../../../src/log/logger';
import { connectRedis } from '../../../src/store/redis';
import { createRedisStores } from '../../../src/store/stores';

export interface ChildOptions {
  redisUrl: string;
  hecUrl: string;
  token: string;
  count: number;
  label: string;
}

const main = async (): Promise<void> => {
  const options = JSON.parse(process.argv[2]) as ChildOptions;
  const redis = await connectRedis(options.redisUrl);
  const pipeline = createEventPipeline({
    config: defaultEventsConfig({
      splunk: {
        url: options.hecUrl,
        token: options.token,
        source: 'helpdesk-guard',
        sourcetype: 'helpdesk_guard:event',
        ack: false,
        ackTimeoutMs: 5_000,
      },
      batchSize: 10,
      retryBaseMs: 20,
      retryMaxMs: 200,
      // Enough attempts to outlast the test's outage; short claim so a restart picks up at once.
      maxAttempts: 1_000,
      claimIdleMs: 300,
    }),
    tenantId: '11111111-1111-4111-8111-111111111111',
    log: silentLogger(),
    registry: new Registry(),
    stores: createRedisStores(redis),
    readBlockMs: 100,
  });
  process.once('SIGTERM', () => {
    void pipeline.stop().then(() => {
      redis.destroy();
      process.exit(0);
    });
  });
  pipeline.start();
  for (let i = 0; i < options.count; i += 1) {
    const event = await pipeline.emit({
      EventType: 'FirstContactDetected',
      Severity: 'Medium',
      Source: 'graph',
      ChatThreadId: `19:${options.label}-${i}@unq.gbl.spaces`,
      VictimUPN: `user${i}@contoso.com`,
      SenderUPN: 'it@x.onmicrosoft.com',
      SenderDisplayName: 'IT Helpdesk',
      SenderTenantId: '33333333-3333-4333-8333-333333333333',
    });
    process.stdout.write(`emitted ${event.EventId}\n`);
    // A burst spread over a few hundred ms, so the kill can land in the middle of it.
    if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  process.stdout.write('burst-done\n');
};

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${String(err)}\n`);
  process.exit(1);
});
