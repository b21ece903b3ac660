import { createWebhookSink, signWebhookBody } from '../../../src/events/sinks/webhook-sink';
import type { SinkError } from '../../../src/events/sinks/sink';
import { FakeWebhookReceiver } from '../../support/receivers/fake-webhook-receiver';
import { dummyEvents } from '../../unit/src/events/dummy-events';

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
