/**
 * An event sink down for minutes, with a replica restart in the middle: every event
 * waits in the Redis outbox and arrives once the sink is back, none lost, none twice.
 */
import { FakeConnector } from '../../support/fake-connector';
import { FakeWebhookReceiver } from '../../support/receivers/fake-webhook-receiver';
import { startPrivateRedis, type PrivateRedis } from '../../support/redis-server';
import type { Replica } from '../../support/replica';
import { waitUntil } from '../../support/wait-for';
import { postSignal, seedUsers, startFleet, waitReady } from './support/fleet';

const SECRET = 'sink-outage-webhook-secret-0123456789';
const USERS = 30;
const OUTAGE_MS = 130_000;

describe('an event sink down for minutes (Redis outbox)', () => {
  let redis: PrivateRedis;
  let connector: FakeConnector;
  let receiver: FakeWebhookReceiver;
  let fleet: Replica[] = [];

  afterAll(async () => {
    await Promise.all(fleet.map((replica) => replica.kill()));
    await receiver?.close();
    await connector?.stop();
    await redis?.stop();
  });

  it('keeps every event through the outage and a replica restart, then delivers each once', async () => {
    redis = await startPrivateRedis();
    connector = await new FakeConnector().start();
    receiver = await new FakeWebhookReceiver(SECRET).start();
    receiver.down = true;
    await seedUsers(redis.url, connector.serviceUrl, USERS);
    fleet = await startFleet(['sink-a', 'sink-b'], redis.url, {
      EVENT_WEBHOOK_URL: receiver.url,
      EVENT_WEBHOOK_SECRET: SECRET,
      // Retries at most 10 s apart, enough of them for the outage (the defaults allow about half an hour).
      EVENT_RETRY_MAX_MS: '10000',
      EVENT_MAX_ATTEMPTS: '40',
    });
    for (let i = 0; i < USERS; i += 1) expect(await postSignal(fleet[i % 2], i)).toBe(true);
    await connector.waitForActivities(USERS, 20_000);
    const startedAt = Date.now();

    // Half-way through, a replica is replaced (SIGTERM: it hands its batch back) and comes back.
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
    await fleet[0].kill('SIGTERM');
    await fleet[0].restart();
    await waitReady(fleet[0]);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - startedAt)));
    const refusedDuringOutage = receiver.requests.length;
    receiver.down = false;

    const ofType = (type: string) => receiver.events.filter((event) => event.EventType === type);
    await waitUntil(
      () => ofType('WarningDelivered').length >= USERS && ofType('FirstContactDetected').length >= USERS,
      'every warning event delivered after the outage',
      40_000,
    );
    // Not vacuous: the sink was asked again and again while it was down.
    expect(refusedDuringOutage).toBeGreaterThan(5);
    const ids = receiver.events.map((event) => event.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ofType('FirstContactDetected')).toHaveLength(USERS);
    expect(ofType('WarningDelivered')).toHaveLength(USERS);
  }, 240_000);
});
