import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { defaultEventsConfig } from '../../../../src/config/events-config';
import { isGuardError } from '../../../../src/errors';
import { createEventPipeline, helpdeskEventSchema, type HelpdeskEvent } from '../../../../src/events';
import type { EventSink } from '../../../../src/events/sinks/sink';
import { createLogger, silentLogger } from '../../../../src/log/logger';
import { createMemoryStores } from '../../../../src/store/stores';
import { waitUntil } from '../../../support/wait-for';
import { DUMMY_TENANT, dummyInput } from './dummy-events';

const fakeSink = (name = 'fake') => {
  const received: HelpdeskEvent[] = [];
  const sink: EventSink = {
    name,
    async send(events) {
      received.push(...events);
    },
  };
  return { sink, received };
};

describe('createEventPipeline (memory outbox)', () => {
  it('emit() returns a complete, valid event of the home tenant', async () => {
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [fakeSink().sink],
    });

    const event = await pipeline.emit(dummyInput());

    expect(helpdeskEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      TenantId: DUMMY_TENANT,
      SchemaVersion: '1.0',
      ChatThreadId: '19:abc_def@unq.gbl.spaces',
    });
  });

  it.each([
    [
      'RemoteToolAnswered',
      'High',
      {
        alertId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
        answer: 'not_me',
        answeredAt: '2026-11-27T22:14:00.000Z',
        tool: 'Quick Assist',
        processName: 'QuickAssist.exe',
        deviceId: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0',
        deviceName: 'lt-alice-01.contoso.com',
        startedAt: '2026-11-27T22:12:00.000Z',
        warnedAt: '2026-11-27T22:00:05.000Z',
        minutesAfterWarning: 12,
      },
    ],
    ['MailBombingDetected', 'Medium', { messageCount: 412, senderCount: 187, windowMinutes: 60 }],
  ] as const)('emits a valid %s event with its Details intact', async (type, severity, details) => {
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [fakeSink().sink],
    });

    const event = await pipeline.emit(dummyInput({ EventType: type, Severity: severity, Details: details }));

    expect(helpdeskEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ EventType: type, Severity: severity, Details: details });
  });

  it('delivers each emitted event to every sink', async () => {
    const first = fakeSink('first');
    const second = fakeSink('second');
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [first.sink, second.sink],
      readBlockMs: 20,
    });
    pipeline.start();

    const emitted = await Promise.all([
      pipeline.emit(dummyInput()),
      pipeline.emit(dummyInput({ EventType: 'WarningDelivered' })),
    ]);
    await waitUntil(() => first.received.length === 2 && second.received.length === 2, 'both sinks');
    await pipeline.stop();

    const ids = emitted.map((event) => event.EventId).sort();
    expect(first.received.map((event) => event.EventId).sort()).toEqual(ids);
    expect(second.received.map((event) => event.EventId).sort()).toEqual(ids);
  });

  it('strips secret-named Details keys and logs only their names', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: createLogger({ destination }),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [fakeSink().sink],
    });

    const event = await pipeline.emit(
      dummyInput({ EventType: 'VerificationSucceeded', Details: { code: '493021', attempt: 1 } }),
    );

    expect(event.Details).toEqual({ attempt: 1 });
    expect(lines.join('')).toContain('"removedKeys":["code"]');
    expect(lines.join('')).not.toContain('493021');
  });

  it('flushes what is still in the memory outbox on stop()', async () => {
    const fake = fakeSink();
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [fake.sink],
    });
    const event = await pipeline.emit(dummyInput());

    pipeline.start();
    await pipeline.stop();

    expect(fake.received.map((received) => received.EventId)).toEqual([event.EventId]);
  });

  it('counts emitted events by type', async () => {
    const registry = new Registry();
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry,
      stores: createMemoryStores(),
      sinks: [fakeSink().sink],
    });

    await pipeline.emit(dummyInput());
    await pipeline.emit(dummyInput());

    expect(await registry.metrics()).toContain(
      'helpdesk_guard_events_emitted_total{event_type="FirstContactDetected"} 2',
    );
    expect(await registry.metrics()).toContain('helpdesk_guard_events_outbox_lag{sink="fake"} 2');
  });

  it('rejects with store_unavailable when the outbox cannot take the event', async () => {
    const pipeline = createEventPipeline({
      config: defaultEventsConfig(),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      sinks: [fakeSink().sink],
    });
    jest.spyOn(pipeline.outbox, 'append').mockRejectedValueOnce(new Error('READONLY'));

    const failure = await pipeline.emit(dummyInput()).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(isGuardError(failure, 'store_unavailable')).toBe(true);
  });
});
