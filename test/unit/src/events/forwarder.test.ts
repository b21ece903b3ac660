import { Registry } from 'prom-client';
import { SinkForwarder } from '../../../../src/events/forwarder';
import { createEventMetrics } from '../../../../src/events/metrics';
import { MemoryOutbox } from '../../../../src/events/outbox/memory-outbox';
import type { OutboxEntry } from '../../../../src/events/outbox/outbox';
import type { HelpdeskEvent } from '../../../../src/events/schema';
import { type EventSink, SinkError } from '../../../../src/events/sinks/sink';
import { silentLogger } from '../../../../src/log/logger';
import { waitUntil } from '../../../support/wait-for';
import { dummyEvents } from './dummy-events';

/** A sink that fails as scripted, then accepts; records every attempt. */
const fakeSink = (script: Array<SinkError | undefined> = [], reject?: (event: HelpdeskEvent) => boolean) => {
  const attempts: HelpdeskEvent[][] = [];
  const accepted: HelpdeskEvent[] = [];
  const sink: EventSink = {
    name: 'fake',
    async send(events) {
      attempts.push([...events]);
      const scripted = script.shift();
      if (scripted) throw scripted;
      if (reject && events.some(reject))
        throw new SinkError('fake: HTTP 400: invalid data format', { retryable: false, status: 400 });
      accepted.push(...events);
    },
  };
  return { sink, attempts, accepted };
};

const setup = (sink: EventSink, maxAttempts = 3, batchSize = 10) => {
  const outbox = new MemoryOutbox([sink.name]);
  const registry = new Registry();
  const metrics = createEventMetrics(registry, [sink.name], (name) => outbox.backlog(name), silentLogger());
  const sleeps: number[] = [];
  const forwarder = new SinkForwarder({
    sink,
    outbox,
    consumer: 'test',
    batchSize,
    maxAttempts,
    backoff: { baseMs: 1_000, maxMs: 60_000, retryAfterMaxMs: 600_000, random: () => 0.5 },
    log: silentLogger(),
    metrics,
    blockMs: 20,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { outbox, registry, forwarder, sleeps };
};

const metricValue = async (registry: Registry, name: string): Promise<number> => {
  const metric = (await registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  return (metric?.values ?? []).reduce((sum, value) => sum + Number(value.value), 0);
};

describe('SinkForwarder', () => {
  it('delivers every appended event once and acks it', async () => {
    const fake = fakeSink();
    const { outbox, forwarder, registry } = setup(fake.sink);
    const events = dummyEvents(25);
    for (const event of events) await outbox.append(event);

    forwarder.start();
    await waitUntil(() => fake.accepted.length === 25, '25 deliveries');
    await forwarder.halt();

    expect(fake.accepted.map((event) => event.EventId)).toEqual(events.map((event) => event.EventId));
    expect(await outbox.backlog('fake')).toEqual({ lag: 0, deadLettered: 0 });
    expect(await metricValue(registry, 'helpdesk_guard_events_delivered_total')).toBe(25);
  });

  it('retries a transient failure with the same EventIds, waiting as Retry-After asks', async () => {
    const fake = fakeSink([
      new SinkError('busy', { retryable: true, status: 503, retryAfterMs: 30_000 }),
      undefined,
    ]);
    const { outbox, forwarder, sleeps } = setup(fake.sink);
    const [event] = dummyEvents(1);
    await outbox.append(event);

    forwarder.start();
    await waitUntil(() => fake.accepted.length === 1, 'the retried delivery');
    await forwarder.halt();

    expect(fake.attempts.map((batch) => batch[0].EventId)).toEqual([event.EventId, event.EventId]);
    expect(sleeps).toEqual([30_000]);
  });

  it('backs off exponentially between attempts when no Retry-After is given', async () => {
    const busy = () => new SinkError('busy', { retryable: true, status: 503 });
    const fake = fakeSink([busy(), busy(), busy()]);
    const { outbox, forwarder, sleeps } = setup(fake.sink, 5);
    await outbox.append(dummyEvents(1)[0]);

    forwarder.start();
    await waitUntil(() => fake.accepted.length === 1, 'delivery after three failures');
    await forwarder.halt();

    // random() = 0.5 -> 3/4 of base * 2^(attempt-1)
    expect(sleeps).toEqual([750, 1_500, 3_000]);
  });

  it('dead-letters a batch after maxAttempts failures and counts it', async () => {
    const busy = () => new SinkError('busy', { retryable: true, status: 503 });
    const fake = fakeSink([busy(), busy(), busy()]);
    const { outbox, forwarder, registry } = setup(fake.sink, 3);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);

    forwarder.start();
    await waitUntil(async () => (await outbox.backlog('fake')).deadLettered === 2, 'two dead letters');
    await forwarder.halt();

    const letters = await outbox.deadLetters('fake', 10);
    expect(letters.map((letter) => letter.event.EventId)).toEqual(events.map((event) => event.EventId));
    expect(letters[0]).toMatchObject({ attempts: 3, reason: 'busy' });
    expect(fake.attempts).toHaveLength(3);
    expect(await metricValue(registry, 'helpdesk_guard_events_dead_lettered_total')).toBe(2);
    expect(await metricValue(registry, 'helpdesk_guard_events_delivery_failed_total')).toBe(6);
  });

  it('isolates the one event a sink rejects as malformed and delivers the rest', async () => {
    const events = dummyEvents(8);
    const poison = events[5].EventId;
    const fake = fakeSink([], (event) => event.EventId === poison);
    const { outbox, forwarder } = setup(fake.sink);
    for (const event of events) await outbox.append(event);

    forwarder.start();
    await waitUntil(async () => (await outbox.backlog('fake')).lag === 0, 'an empty outbox');
    await forwarder.halt();

    expect(fake.accepted.map((event) => event.EventId).sort()).toEqual(
      events
        .map((event) => event.EventId)
        .filter((id) => id !== poison)
        .sort(),
    );
    expect((await outbox.deadLetters('fake', 10)).map((letter) => letter.event.EventId)).toEqual([poison]);
  });

  it('replays dead letters so they are delivered again with their EventIds', async () => {
    const fake = fakeSink([new SinkError('down', { retryable: true })]);
    const { outbox, forwarder } = setup(fake.sink, 1);
    const [event] = dummyEvents(1);
    await outbox.append(event);
    forwarder.start();
    await waitUntil(async () => (await outbox.backlog('fake')).deadLettered === 1, 'the dead letter');

    expect(await outbox.replay('fake')).toBe(1);
    await waitUntil(() => fake.accepted.length === 1, 'the replayed delivery');
    await forwarder.halt();

    expect(fake.accepted[0].EventId).toBe(event.EventId);
    expect(await outbox.backlog('fake')).toEqual({ lag: 0, deadLettered: 0 });
  });
  it('keeps its claim on a batch while the sink takes its time, and resumes a batch it held before a restart', async () => {
    /** The real memory outbox, with the forwarder's touches written down and one batch left from a former process. */
    class WatchedOutbox extends MemoryOutbox {
      readonly touched: string[][] = [];
      leftOver: OutboxEntry[] = [];
      async touch(_sink: string, _consumer: string, ids: readonly string[]): Promise<void> {
        this.touched.push([...ids]);
      }
      async recover(): Promise<OutboxEntry[]> {
        return this.leftOver.splice(0);
      }
    }
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const sent: string[] = [];
    const sink: EventSink = {
      name: 'fake',
      async send(events) {
        await slow;
        sent.push(...events.map((event) => event.EventId));
      },
    };
    const outbox = new WatchedOutbox([sink.name]);
    const [old, fresh] = dummyEvents(2);
    outbox.leftOver = [{ id: 'left-1', event: old, deliveries: 2 }];
    await outbox.append(fresh);
    const forwarder = new SinkForwarder({
      sink,
      outbox,
      consumer: 'replica-a',
      batchSize: 10,
      maxAttempts: 3,
      backoff: { baseMs: 1_000, maxMs: 60_000, retryAfterMaxMs: 600_000 },
      log: silentLogger(),
      metrics: createEventMetrics(
        new Registry(),
        [sink.name],
        (name) => outbox.backlog(name),
        silentLogger(),
      ),
      blockMs: 20,
      heartbeatMs: 10,
    });

    forwarder.start();
    await waitUntil(() => outbox.touched.length >= 3, 'three heartbeats during the slow send');
    expect(outbox.touched.every((ids) => ids.includes('left-1'))).toBe(true);
    finish();
    await waitUntil(() => sent.length === 2, 'both events sent');
    await forwarder.halt();

    // The left-over batch went first: it had waited longest.
    expect(sent).toEqual([old.EventId, fresh.EventId]);
  });
});
