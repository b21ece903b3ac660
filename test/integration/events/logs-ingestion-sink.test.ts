import {
  createLogsIngestionSink,
  type IngestionCredential,
} from '../../../src/events/sinks/logs-ingestion-sink';
import type { SinkError } from '../../../src/events/sinks/sink';
import {
  FakeLogsIngestion,
  INGESTION_MAX_BYTES,
  INGESTION_REPLIES,
} from '../../support/receivers/fake-logs-ingestion';
import { dummyEvent, dummyEvents } from '../../unit/src/events/dummy-events';

const RULE_ID = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-HelpdeskGuard';
const TOKEN = 'dummy-entra-access-token';

/** A TokenCredential that hands out a fixed token, in place of DefaultAzureCredential. */
const fakeCredential = (token = TOKEN): IngestionCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

const failureOf = (promise: Promise<unknown>): Promise<SinkError> =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (err: SinkError) => err,
  );

describe('Logs Ingestion sink against a local endpoint', () => {
  let endpoint: FakeLogsIngestion;
  const sink = (credential = fakeCredential()) =>
    createLogsIngestionSink(
      { endpoint: endpoint.endpoint, ruleId: RULE_ID, streamName: STREAM },
      { timeoutMs: 10_000, credential, ca: endpoint.cert.cert },
    );

  beforeAll(async () => {
    endpoint = await new FakeLogsIngestion({ ruleId: RULE_ID, streamName: STREAM, token: TOKEN }).start();
  });
  afterAll(async () => {
    await endpoint.close();
  });
  beforeEach(() => {
    endpoint.rows.length = 0;
    endpoint.calls.length = 0;
  });

  it('uploads the events as rows of the custom table (204)', async () => {
    const events = dummyEvents(3);

    await sink().send(events);

    expect(endpoint.rows).toEqual(events);
  });

  it('keeps every call within 1 MB when a batch is larger', async () => {
    const padding = 'x'.repeat(20_000);
    const events = Array.from({ length: 120 }, () => dummyEvent({ Details: { padding } }));

    await sink().send(events);

    expect(endpoint.calls.length).toBeGreaterThan(1);
    expect(endpoint.calls.every((call) => call.status === 204 && call.bytes <= INGESTION_MAX_BYTES)).toBe(
      true,
    );
    expect(endpoint.rows.map((row) => row.EventId)).toEqual(events.map((event) => event.EventId));
  });

  it('passes on 429 as retryable with its Retry-After', async () => {
    endpoint.next(INGESTION_REPLIES.throttled(12));

    const err = await failureOf(sink().send(dummyEvents(1)));

    expect({ status: err.status, retryable: err.retryable, retryAfterMs: err.retryAfterMs }).toEqual({
      status: 429,
      retryable: true,
      retryAfterMs: 12_000,
    });
  });

  it('treats 413 as permanent, so the forwarder isolates and dead-letters the event', async () => {
    endpoint.next(INGESTION_REPLIES.tooLarge);

    const err = await failureOf(sink().send(dummyEvents(1)));

    expect({ status: err.status, retryable: err.retryable }).toEqual({ status: 413, retryable: false });
  });

  it('reports a refused token as 401 with the role to grant, never the token', async () => {
    const err = await failureOf(sink(fakeCredential('dummy-expired-token')).send(dummyEvents(1)));

    expect({ status: err.status, retryable: err.retryable }).toEqual({ status: 401, retryable: true });
    expect(err.message).toContain('Monitoring Metrics Publisher');
    expect(err.message).not.toContain('dummy-expired-token');
  });
});
