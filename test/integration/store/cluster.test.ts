/**
 * REDIS_URL naming a Redis Cluster, beyond the store contracts (which run on a cluster
 * too): readiness asks every master, the events command finds dead letters on whichever
 * master holds them, and a refused password is reported as such.
 */
import { Writable } from 'node:stream';
import { run } from '../../../src/cli/events-command';
import { connectRedis } from '../../../src/store/redis';
import { openStores, type Stores } from '../../../src/store/stores';
import { fakeLog } from '../../support/fake-log';
import { startRedisCluster, type TestRedisCluster } from '../../support/redis-cluster';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const output = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
};

describe('Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let stores: Stores;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    stores = await openStores(cluster.url, fakeLog().logger);
  });
  afterAll(async () => {
    await stores?.close();
    await cluster?.stop();
  });

  it('runs the events command: status and replay of the dead letters of each sink', async () => {
    const outbox = stores.outbox(['splunk', 'webhook'], 60_000);
    for (const event of dummyEvents(2)) await outbox.append(event);
    await outbox.deadLetter('splunk', await outbox.read('splunk', 'bot', 10, 0), 'HTTP 503', 12);
    const status = output();
    const replay = output();

    expect(
      await run(['status'], {
        env: { REDIS_URL: cluster.url },
        stdout: status.stream,
        stderr: status.stream,
      }),
    ).toBe(0);
    expect(
      await run(['replay', '--all'], {
        env: { REDIS_URL: cluster.url },
        stdout: replay.stream,
        stderr: replay.stream,
      }),
    ).toBe(0);

    expect(
      status
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { sink: 'splunk', lag: 0, deadLetters: 2 },
      { sink: 'webhook', lag: 2, deadLetters: 0 },
    ]);
    expect(replay.text()).toContain('replayed 2 event(s) for splunk');
    expect(await outbox.read('splunk', 'bot', 10, 0)).toHaveLength(2);
    await outbox.close();
  });

  it('reports a refused password as Redis said it, without quoting it', async () => {
    const url = cluster.url.replace('redis+cluster://', 'redis+cluster://:WRONG-dummy-password@');

    const err = (await connectRedis(url, { giveUpAfter: 1 }).catch((failure: unknown) => failure)) as Error;

    expect(err.message).toMatch(/no seed node of the cluster answered \(127\.0\.0\.1:\d+: ERR AUTH/);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain('WRONG-dummy-password');
  });

  // Last: the cluster is down after it.
  it('is ready only while every master answers', async () => {
    await stores.ping();

    await cluster.kill(2);

    const started = Date.now();
    await expect(stores.ping()).rejects.toThrow(/did not answer PING within 1 s/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
