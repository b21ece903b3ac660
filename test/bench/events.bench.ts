/**
 * Events per second from the outbox to a local HTTP sink (the Splunk HEC sink against a
 * receiver that only counts), memory and Redis outboxes. Target: >= 20,000 events/s.
 * Redis needs a redis-server on PATH; the bench starts its own on a free port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { defaultEventsConfig } from '../../src/config/events-config';
import { SinkForwarder } from '../../src/events/forwarder';
import { createEventMetrics } from '../../src/events/metrics';
import { MemoryOutbox } from '../../src/events/outbox/memory-outbox';
import type { Outbox } from '../../src/events/outbox/outbox';
import { RedisOutbox } from '../../src/events/outbox/redis-outbox';
import { buildEvent } from '../../src/events/schema';
import { createSplunkHecSink } from '../../src/events/sinks/splunk-hec-sink';
import { silentLogger } from '../../src/log/logger';
import { connectRedis } from '../../src/store/redis';
import type { BenchResult } from './run';
import { withPrivateRedis } from './support/private-redis';

const EVENTS = 50_000;
const TARGET = 20_000;

/** A local HTTP endpoint that answers HEC's success and counts the envelopes (one per line). */
const startCountingReceiver = async () => {
  let received = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) received += 1;
    });
    req.on('end', () => {
      received += 1; // the last envelope has no newline after it
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/collector/event`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const dummyEvent = (i: number) =>
  buildEvent(
    {
      EventType: 'FirstContactDetected',
      Severity: 'Medium',
      Source: 'graph',
      ChatThreadId: `19:bench-${i}@unq.gbl.spaces`,
      VictimUPN: `user${i}@contoso.com`,
      SenderUPN: 'it@x.onmicrosoft.com',
      SenderDisplayName: 'IT Helpdesk',
      SenderTenantId: '33333333-3333-4333-8333-333333333333',
      Details: { score: 0.92 },
    },
    '11111111-1111-4111-8111-111111111111',
  );

/** Fills the outbox, then times the forwarder emptying it into the receiver. */
const measure = async (name: string, outbox: Outbox): Promise<BenchResult> => {
  const receiver = await startCountingReceiver();
  const config = defaultEventsConfig();
  for (let i = 0; i < EVENTS; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => outbox.append(dummyEvent(i + j))),
    );
  }
  const forwarder = new SinkForwarder({
    sink: createSplunkHecSink(
      {
        url: receiver.url,
        token: 'bench',
        source: 'helpdesk-guard',
        sourcetype: 'helpdesk_guard:event',
        ack: false,
        ackTimeoutMs: 1_000,
      },
      { timeoutMs: 10_000 },
    ),
    outbox,
    consumer: 'bench',
    batchSize: config.batchSize,
    maxAttempts: 3,
    backoff: { baseMs: 100, maxMs: 1_000, retryAfterMaxMs: 1_000 },
    log: silentLogger(),
    metrics: createEventMetrics(new Registry(), ['splunk'], (sink) => outbox.backlog(sink), silentLogger()),
    blockMs: 50,
  });
  const started = process.hrtime.bigint();
  forwarder.start();
  while ((await outbox.backlog('splunk')).lag > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  forwarder.requestHalt();
  await outbox.close();
  await forwarder.halt();
  await receiver.close();
  if (receiver.received() < EVENTS)
    throw new Error(`${name}: receiver counted ${receiver.received()} of ${EVENTS}`);
  return { name, value: EVENTS / seconds, unit: 'events/s', target: TARGET, compare: '>=' };
};

export async function run(): Promise<BenchResult[]> {
  const results = [await measure('memory outbox -> HEC over HTTP', new MemoryOutbox(['splunk']))];
  results.push(
    await withPrivateRedis(async (url) => {
      const redis = await connectRedis(url);
      try {
        return await measure(
          'Redis Stream outbox -> HEC over HTTP',
          new RedisOutbox(redis, ['splunk'], 60_000),
        );
      } finally {
        redis.destroy();
      }
    }),
  );
  return results;
}
