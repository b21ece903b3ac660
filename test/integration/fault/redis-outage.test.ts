/**
 * Redis going away under the bot: unreachable at start (the bot listens, says why it is
 * not ready, and serves once Redis comes), and killed mid-run with appendonly (nothing
 * the webhook acked is lost). Real bot processes, a redis-server of this test's own.
 */
import { freePort } from '../../setup/global-setup';
import { dummyActivity } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { startPrivateRedis, type PrivateRedis } from '../../support/redis-server';
import type { Replica } from '../../support/replica';
import { waitUntil } from '../../support/wait-for';
import { firstWarningAt, postSignal, seedUsers, startFleet } from './support/fleet';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis unreachable at start', () => {
  let redis: PrivateRedis | undefined;
  let connector: FakeConnector;
  let replica: Replica;

  afterAll(async () => {
    await replica?.kill();
    await connector?.stop();
    await redis?.stop();
  });

  it('listens, is 503 on /readyz and the routes until Redis answers, says so, then serves', async () => {
    connector = await new FakeConnector().start();
    const port = await freePort();
    [replica] = await startFleet(['waiting'], `redis://127.0.0.1:${port}`, {}, { ready: false });

    expect((await fetch(`${replica.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${replica.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/waiting for Redis/);
    const install = JSON.stringify(
      dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
    );
    const early = await fetch(`${replica.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: install,
    });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await early.json()) as { code: string }).code).toBe('starting');
    await waitUntil(() => /Redis is unreachable; retrying/.test(replica.output()), 'the bot saying it waits');

    redis = await startPrivateRedis({ port });
    await waitUntil(
      async () => (await fetch(`${replica.url}/readyz`)).status === 200,
      'ready once Redis answers',
    );
    const served = await fetch(`${replica.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: install,
    });
    expect(served.status).toBe(200);
    await connector.waitForActivities(1);
    expect(replica.alive()).toBe(true);
  }, 60_000);
});

describe('Redis killed mid-run (appendonly yes, appendfsync always)', () => {
  const USERS = 120;
  let redis: PrivateRedis;
  let connector: FakeConnector;
  let fleet: Replica[] = [];

  afterAll(async () => {
    await Promise.all(fleet.map((replica) => replica.kill()));
    await connector?.stop();
    await redis?.stop();
  });

  it('loses nothing the webhook acked: every acked signal is warned once Redis is back', async () => {
    redis = await startPrivateRedis({ durable: true });
    connector = await new FakeConnector().start();
    connector.delayMs = 100;
    await seedUsers(redis.url, connector.serviceUrl, USERS);
    fleet = await startFleet(['aof-a', 'aof-b'], redis.url);

    // A SIEM playbook: posts each signal, and posts it again until it is acked.
    const acked = new Set<number>();
    const outage = { from: Infinity, to: Infinity };
    /** Posts that were under way while Redis was down: they waited, or were refused and sent again. */
    let postsDuringOutage = 0;
    const postUntilAcked = async (i: number): Promise<void> => {
      for (let attempt = 0; !acked.has(i); attempt += 1) {
        const startedAt = Date.now();
        const ok = await postSignal(fleet[(i + attempt) % fleet.length], i);
        if (startedAt < outage.to && Date.now() > outage.from) postsDuringOutage += 1;
        if (ok) acked.add(i);
        else await sleep(250);
      }
    };
    const burst = (async () => {
      for (let i = 0; i < USERS; i += 1) {
        void postUntilAcked(i);
        await sleep(20);
      }
    })();
    await waitUntil(() => acked.size >= USERS / 3, 'a third of the signals acked');
    outage.from = Date.now();
    await redis.kill();
    await sleep(2_000);
    await redis.start();
    outage.to = Date.now();
    await burst;
    await waitUntil(() => acked.size === USERS, 'every signal acked in the end', 30_000);

    await waitUntil(
      () => [...acked].every((i) => firstWarningAt(connector, i) !== undefined),
      'every acked user warned after the Redis restart',
      40_000,
    );
    // Not vacuous: signals were being posted while Redis was down (they waited for it or
    // were refused and sent again); none of them, nor any acked before, was lost.
    expect(postsDuringOutage).toBeGreaterThan(0);
    expect(fleet.every((replica) => replica.alive())).toBe(true);
  }, 120_000);
});
