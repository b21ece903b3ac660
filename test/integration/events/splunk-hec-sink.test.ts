import { Registry } from 'prom-client';
import { defaultEventsConfig, type SplunkHecConfig } from '../../../src/config/events-config';
import { createEventPipeline } from '../../../src/events';
import { SinkError } from '../../../src/events/sinks/sink';
import { createSplunkHecSink } from '../../../src/events/sinks/splunk-hec-sink';
import { silentLogger } from '../../../src/log/logger';
import { createMemoryStores } from '../../../src/store/stores';
import { FakeSplunkHec, HEC_REPLIES } from '../../support/receivers/fake-splunk-hec';
import { waitUntil } from '../../support/wait-for';
import { DUMMY_TENANT, dummyEvents, dummyInput } from '../../unit/src/events/dummy-events';

const TOKEN = 'dummy-hec-token-6f1c';

const hecConfig = (url: string, overrides: Partial<SplunkHecConfig> = {}): SplunkHecConfig => ({
  url,
  token: TOKEN,
  index: 'security',
  source: 'helpdesk-guard',
  sourcetype: 'helpdesk_guard:event',
  ack: false,
  ackTimeoutMs: 5_000,
  ...overrides,
});

const failureOf = (promise: Promise<unknown>): Promise<SinkError> =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (err: SinkError) => err,
  );

describe('Splunk HEC sink against a local HEC', () => {
  let hec: FakeSplunkHec;
  beforeEach(async () => {
    hec = await new FakeSplunkHec({ token: TOKEN }).start();
  });
  afterEach(async () => {
    await hec.close();
  });

  it('sends a batch with the token, in the HEC envelope, and succeeds on 200 code 0', async () => {
    const events = dummyEvents(3);

    await createSplunkHecSink(hecConfig(hec.url), { timeoutMs: 5_000, host: 'bot-1' }).send(events);

    expect(hec.requests[0].headers.authorization).toBe(`Splunk ${TOKEN}`);
    expect(hec.received).toEqual(
      events.map((event) => ({
        time: Date.parse(event.TimeGenerated) / 1000,
        host: 'bot-1',
        source: 'helpdesk-guard',
        sourcetype: 'helpdesk_guard:event',
        index: 'security',
        event,
      })),
    );
  });

  it.each([
    ['503 server busy (code 9)', HEC_REPLIES.serverBusy, true],
    ['401 token required (code 2)', HEC_REPLIES.tokenRequired, true],
    ['403 invalid token (code 4)', HEC_REPLIES.invalidToken, true],
    ['400 invalid data format (code 6)', HEC_REPLIES.invalidDataFormat, false],
  ])('turns %s into a SinkError, retryable: %p', async (_name, reply, retryable) => {
    hec.next(reply);

    const err = await failureOf(
      createSplunkHecSink(hecConfig(hec.url), { timeoutMs: 5_000 }).send(dummyEvents(1)),
    );

    expect(err).toBeInstanceOf(SinkError);
    expect({ status: err.status, retryable: err.retryable }).toEqual({ status: reply.status, retryable });
    expect(err.message).toContain(`code ${reply.body.code}`);
  });

  it('is refused with 403 for a wrong token, and the message never shows either token', async () => {
    const err = await failureOf(
      createSplunkHecSink(hecConfig(hec.url, { token: 'dummy-wrong-token' }), { timeoutMs: 5_000 }).send(
        dummyEvents(1),
      ),
    );

    expect(err.status).toBe(403);
    expect(err.message).toContain('check SPLUNK_HEC_TOKEN');
    expect(err.message).not.toMatch(/dummy-wrong-token|dummy-hec-token/);
  });

  it('passes on the Retry-After of a busy HEC', async () => {
    hec.next({ ...HEC_REPLIES.serverBusy, headers: { 'Retry-After': '7' } });

    const err = await failureOf(
      createSplunkHecSink(hecConfig(hec.url), { timeoutMs: 5_000 }).send(dummyEvents(1)),
    );

    expect(err.retryAfterMs).toBe(7_000);
  });

  it('reports an unreachable HEC as retryable', async () => {
    const url = hec.url;
    await hec.close();

    const err = await failureOf(
      createSplunkHecSink(hecConfig(url), { timeoutMs: 5_000 }).send(dummyEvents(1)),
    );

    expect(err.retryable).toBe(true);
    expect(err.message).toContain('cannot reach');
  });

  it('delivers everything once a HEC that was busy comes back, through the pipeline', async () => {
    hec.busy = true;
    const pipeline = createEventPipeline({
      config: defaultEventsConfig({
        splunk: hecConfig(hec.url),
        retryBaseMs: 10,
        retryMaxMs: 50,
        batchSize: 7,
      }),
      tenantId: DUMMY_TENANT,
      log: silentLogger(),
      registry: new Registry(),
      stores: createMemoryStores(),
      readBlockMs: 50,
    });
    pipeline.start();
    const emitted = await Promise.all(Array.from({ length: 30 }, () => pipeline.emit(dummyInput())));
    await waitUntil(() => hec.requests.length >= 3, 'a few refused attempts');

    hec.busy = false;
    await waitUntil(() => new Set(hec.eventIds()).size === 30, 'all 30 events at the HEC');
    await pipeline.stop();

    expect(new Set(hec.eventIds())).toEqual(new Set(emitted.map((event) => event.EventId)));
  });
});

describe('Splunk HEC sink with indexer acknowledgement', () => {
  let hec: FakeSplunkHec;
  beforeEach(async () => {
    hec = await new FakeSplunkHec({ token: TOKEN, ack: true, pendingAckPolls: 2 }).start();
  });
  afterEach(async () => {
    await hec.close();
  });

  it('sends a channel and resolves only once /services/collector/ack reports the batch indexed', async () => {
    const channel = '0f4b8d1e-6f1c-4c39-9b7a-6a1d2f0e9c11';

    await createSplunkHecSink(hecConfig(hec.url, { ack: true, channel }), {
      timeoutMs: 5_000,
      ackPollMs: 10,
    }).send(dummyEvents(2));

    const ackPolls = hec.requests.filter((request) => request.path.startsWith('/services/collector/ack'));
    expect(hec.requests[0].headers['x-splunk-request-channel']).toBe(channel);
    expect(ackPolls).toHaveLength(3);
    expect(JSON.parse(ackPolls[0].body.toString())).toEqual({ acks: [0] });
  });

  it('fails, retryable, when the ack does not come in time', async () => {
    const slow = await new FakeSplunkHec({ token: TOKEN, ack: true, pendingAckPolls: 1_000 }).start();

    const err = await failureOf(
      createSplunkHecSink(hecConfig(slow.url, { ack: true, ackTimeoutMs: 100 }), {
        timeoutMs: 5_000,
        ackPollMs: 10,
      }).send(dummyEvents(1)),
    );
    await slow.close();

    expect(err.retryable).toBe(true);
    expect(err.message).toContain('not acknowledged');
  });
});
