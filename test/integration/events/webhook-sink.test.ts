import { Registry } from 'prom-client';
import { defaultEventsConfig } from '../../../src/config/events-config';
import { createEventPipeline } from '../../../src/events';
import type { SinkError } from '../../../src/events/sinks/sink';
import { createWebhookSink, signWebhookBody } from '../../../src/events/sinks/webhook-sink';
import { createMemoryStores } from '../../../src/store/stores';
import { freePort } from '../../setup/global-setup';
import { fakeLog } from '../../support/fake-log';
import { FakeWebhookReceiver } from '../../support/receivers/fake-webhook-receiver';
import { type RunningServer, startServer } from '../../support/receivers/http-receiver';
import { waitUntil } from '../../support/wait-for';
import { DUMMY_TENANT, dummyEvents, dummyInput } from '../../unit/src/events/dummy-events';

const SECRET = 'dummy-webhook-secret-0123456789abcdef';

describe('webhook sink', () => {
  let receiver: FakeWebhookReceiver;
  beforeEach(async () => {
    receiver = await new FakeWebhookReceiver(SECRET).start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts the batch signed so that the receiver verifies it', async () => {
    const events = dummyEvents(2);

    await createWebhookSink({ url: receiver.url, secret: SECRET }, { timeoutMs: 5_000 }).send(events);

    expect(receiver.events).toEqual(events);
    expect(receiver.requests[0].headers['x-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('is refused (401, retryable) when signed with another secret', async () => {
    const sink = createWebhookSink(
      { url: receiver.url, secret: 'dummy-other-secret-0123456789' },
      { timeoutMs: 5_000 },
    );

    const err = (await sink.send(dummyEvents(1)).catch((failure: unknown) => failure)) as SinkError;

    expect({ status: err.status, retryable: err.retryable }).toEqual({ status: 401, retryable: true });
    expect(err.message).not.toContain('dummy-other-secret');
    expect(receiver.events).toEqual([]);
  });

  it.each([
    [429, true],
    [502, true],
    [422, false],
  ])('treats HTTP %i as retryable: %p', async (status, retryable) => {
    receiver.next({ status });

    const err = (await createWebhookSink({ url: receiver.url, secret: SECRET }, { timeoutMs: 5_000 })
      .send(dummyEvents(1))
      .catch((failure: unknown) => failure)) as SinkError;

    expect(err.retryable).toBe(retryable);
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256', () => {
    expect(signWebhookBody('{"events":[]}', 'key', 1_700_000_000_000)).toEqual({
      'X-Timestamp': '1700000000',
      'X-Signature-256': 'sha256=7df62a1bacc5aaabea3fd97f17eb7da317e09d87f25b1933b81d619dfc0e21fb',
    });
  });
});

describe('webhook sink: credentials in EVENT_WEBHOOK_URL', () => {
  // A receiver that fails the way many frameworks do: a 500 page that echoes the request line.
  let failing: RunningServer;
  beforeEach(async () => {
    failing = await startServer((request) => ({
      status: 500,
      body: { error: `cannot handle ${request.method} ${request.path}` },
    }));
  });
  afterEach(async () => {
    await failing.close();
  });

  it.each([
    [
      'user:password, which fetch refuses, quoting the URL',
      async () => failing.origin.replace('http://', 'http://user:PASSWORD@') + '/x?sig=SIGSECRET',
      'includes credentials: http://[redacted]@127.0.0.1',
    ],
    [
      'a sig that the receiver echoes in its 500',
      async () => `${failing.origin}/x?sig=SIGSECRET`,
      'HTTP 500: {"error":"cannot handle POST /x?sig=[redacted]"}',
    ],
    [
      'a sig, with the receiver down',
      async () => `http://127.0.0.1:${await freePort()}/x?sig=SIGSECRET`,
      'cannot reach http://127.0.0.1',
    ],
  ])('never logs them, nor puts them in the dead letter: %s', async (_case, webhookUrl, failure) => {
    const { lines, logger } = fakeLog();
    const pipeline = createEventPipeline({
      config: defaultEventsConfig({
        webhook: { url: await webhookUrl(), secret: SECRET },
        maxAttempts: 3,
        retryBaseMs: 10,
        retryMaxMs: 20,
      }),
      tenantId: DUMMY_TENANT,
      log: logger,
      registry: new Registry(),
      stores: createMemoryStores(),
      readBlockMs: 50,
    });
    pipeline.start();

    await pipeline.emit(dummyInput());
    await waitUntil(
      () => lines.some((line) => line.includes('moved to the dead-letter stream')),
      'the batch dead-lettered',
    );
    const [deadLetter] = await pipeline.outbox.deadLetters('webhook', 1);
    await pipeline.stop();

    const retries = lines.filter((line) => line.includes('events: delivery failed; will retry'));
    expect(retries).toHaveLength(2);
    expect(deadLetter.reason).toContain(failure);
    expect(lines.join('') + deadLetter.reason).not.toMatch(/PASSWORD|SIGSECRET/);
  });
});
