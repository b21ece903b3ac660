/**
 * forwardRatio: events per second from the Redis outbox to a local Splunk HEC (the real
 * forwarder and HEC sink, as compiled for npm start, against a receiver that answers
 * HEC's success and counts the envelopes) over a bare loop posting the same batches (the
 * bodies the forwarder sent, recorded by the receiver) to the same receiver, one at a time
 * as the forwarder does; alternately, twice each, 20,000 events a round (the bare loop
 * posts them three times over). The outbox is filled before each round (not timed). Runs
 * in the bench process, on the bench's redis-server (database 2, apart from the bot's).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type * as EventsConfig from '../../src/config/events-config';
import type * as Forwarder from '../../src/events/forwarder';
import type * as Metrics from '../../src/events/metrics';
import type * as Outbox from '../../src/events/outbox/redis-outbox';
import type * as Schema from '../../src/events/schema';
import type * as SplunkHec from '../../src/events/sinks/splunk-hec-sink';
import type * as Logger from '../../src/log/logger';
import type * as Redis from '../../src/store/redis';
import type { BenchPart } from './support/bench-part';
import { fromBuild } from './support/build';
import { mean, type Pair } from './support/figures';

const EVENTS = 20_000;
const ROUNDS = 2;
const TOKEN = 'bench';

interface Batch {
  body: Buffer;
  headers: Record<string, string>;
}

/** HEC's success for every POST; counts envelopes (one per line) and records what it was sent. */
const startReceiver = async () => {
  let received = 0;
  let recording: Batch[] | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let lines = 1; // the last envelope has no newline after it
      for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) lines += 1;
      received += lines;
      recording?.push({
        body,
        headers: {
          authorization: String(req.headers.authorization ?? ''),
          'content-type': String(req.headers['content-type'] ?? 'application/json'),
        },
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/collector/event`,
    received: () => received,
    /** Starts counting from zero, recording the bodies when asked. */
    reset: (record: boolean) => {
      received = 0;
      recording = record ? [] : undefined;
    },
    recorded: () => recording ?? [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const dummyEvent = (buildEvent: typeof Schema.buildEvent, i: number) =>
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

const untilReceived = async (received: () => number, count: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (received() < count) {
    if (Date.now() > deadline) throw new Error(`the receiver counted ${received()} of ${count} events`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

export const forwardBench: BenchPart = {
  name: 'forward',
  async run(rig) {
    // The forwarder as compiled for npm start (support/build.ts).
    const { defaultEventsConfig } = fromBuild<typeof EventsConfig>('src/config/events-config');
    const { SinkForwarder } = fromBuild<typeof Forwarder>('src/events/forwarder');
    const { createEventMetrics } = fromBuild<typeof Metrics>('src/events/metrics');
    const { RedisOutbox } = fromBuild<typeof Outbox>('src/events/outbox/redis-outbox');
    const { buildEvent } = fromBuild<typeof Schema>('src/events/schema');
    const { createSplunkHecSink } = fromBuild<typeof SplunkHec>('src/events/sinks/splunk-hec-sink');
    const { silentLogger } = fromBuild<typeof Logger>('src/log/logger');
    const { connectRedis } = fromBuild<typeof Redis>('src/store/redis');
    const redis = await connectRedis(`${(await rig.redis()).url}/2`);
    const outbox = new RedisOutbox(redis, ['splunk'], 60_000);
    const receiver = await startReceiver();
    const config = defaultEventsConfig();
    let next = 0;
    const forwardRound = async (record: boolean): Promise<number> => {
      for (let i = 0; i < EVENTS; i += 1000)
        await Promise.all(
          Array.from({ length: Math.min(1000, EVENTS - i) }, () =>
            outbox.append(dummyEvent(buildEvent, next++)),
          ),
        );
      receiver.reset(record);
      const forwarder = new SinkForwarder({
        sink: createSplunkHecSink(
          {
            url: receiver.url,
            token: TOKEN,
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
        metrics: createEventMetrics(
          new Registry(),
          ['splunk'],
          (sink) => outbox.backlog(sink),
          silentLogger(),
        ),
        blockMs: 50,
      });
      const started = process.hrtime.bigint();
      forwarder.start();
      await untilReceived(receiver.received, EVENTS, 60_000);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      forwarder.requestHalt();
      await forwarder.halt();
      return EVENTS / seconds;
    };
    const bareRound = async (batches: Batch[]): Promise<number> => {
      receiver.reset(false);
      const started = process.hrtime.bigint();
      // Three times over: the bare loop is quick, and a longer measurement is a steadier one.
      for (const batch of [...batches, ...batches, ...batches]) {
        const res = await fetch(receiver.url, { method: 'POST', headers: batch.headers, body: batch.body });
        await res.text();
        if (!res.ok) throw new Error(`the receiver answered ${res.status}`);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return receiver.received() / seconds;
    };
    try {
      const pairs: Pair[] = [];
      let batches: Batch[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const a = await forwardRound(round === 0);
        if (round === 0) batches = receiver.recorded();
        const b = await bareRound(batches);
        pairs.push({ ours: a, baseline: b, ratio: a / b });
        console.log(
          `  forward round ${round + 1}: Redis outbox -> HEC ${a.toFixed(0)} events/s, bare loop ${b.toFixed(0)} events/s ` +
            `(${batches.length} batches), ratio ${(a / b).toFixed(3)}`,
        );
      }
      return [
        {
          key: 'forwardRatio',
          label: `Redis outbox -> HEC / bare loop of the same ${batches.length} batches`,
          value: mean(pairs.map((pair) => pair.ratio)),
          ours: mean(pairs.map((pair) => pair.ours)),
          baseline: mean(pairs.map((pair) => pair.baseline)),
          rateUnit: 'events/s',
          pairs,
          target: { min: 0.5 },
          headline: true,
        },
      ];
    } finally {
      await outbox.close();
      await receiver.close();
      redis.destroy();
    }
  },
};
