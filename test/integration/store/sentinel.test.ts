/**
 * REDIS_URL naming a Sentinel set: the bot finds the master through the sentinel, with the
 * URL's password, and a representative part of the stores works there (KV, a queue, the
 * outbox, the events command). The full contracts run on one server and on a Cluster;
 * through Sentinel the commands are the same, only the way to the master differs.
 */
import { Writable } from 'node:stream';
import { run } from '../../../src/cli/events-command';
import { connectRedis } from '../../../src/store/redis';
import { openStores, type Stores } from '../../../src/store/stores';
import { fakeLog } from '../../support/fake-log';
import { startRedisSentinel, type TestRedisSentinel } from '../../support/redis-sentinel';
import { dummyEvents } from '../../unit/src/events/dummy-events';

const PASSWORD = 'dummy-sentinel-p@ss/word';

describe('Redis through a Sentinel set', () => {
  let sentinel: TestRedisSentinel;
  let stores: Stores;

  beforeAll(async () => {
    sentinel = await startRedisSentinel({ password: PASSWORD });
    stores = await openStores(sentinel.url, fakeLog().logger);
  });
  afterAll(async () => {
    await stores?.close();
    await sentinel?.stop();
  });

  it('finds the master through the sentinel and writes there, with the password of the URL', async () => {
    await stores.ping();
    await stores.kv.set('where', { master: true });

    expect(await stores.kv.get('where')).toEqual({ master: true });
    const direct = await connectRedis(sentinel.masterUrl);
    expect(await direct.get('hg:kv:where')).toBe('{"master":true}');
    direct.destroy();
  });

  it('runs a queue: a blocked receive is woken, a restart recovers its items, a release hands them on', async () => {
    const queue = stores.queue<{ n: number }>('sentinel');
    const waiting = queue.receive('replica-a', 1, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.enqueue({ n: 1 });
    const [taken] = await waiting;

    const [recovered] = await queue.recover('replica-a', 10);
    await queue.release('replica-a', [recovered.id]);
    const [handedOn] = await queue.receive('replica-b', 1, 0);

    expect([taken.body, recovered.deliveries, handedOn.id, handedOn.deliveries]).toEqual([
      { n: 1 },
      2,
      taken.id,
      3,
    ]);
    await queue.ack(handedOn.id);
    expect(await queue.pending()).toBe(0);
  });

  it('keeps the outbox: dead letters and their replay, also through the events command', async () => {
    const outbox = stores.outbox(['splunk'], 60_000);
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    await outbox.deadLetter('splunk', await outbox.read('splunk', 'bot', 10, 0), 'HTTP 503', 12);
    const out: string[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(chunk.toString());
        done();
      },
    });

    const code = await run(['replay', '--sink', 'splunk'], {
      env: { REDIS_URL: sentinel.url },
      stdout,
      stderr: stdout,
    });

    expect([code, out.join('')]).toEqual([0, expect.stringContaining('replayed 2 event(s) for splunk')]);
    expect((await outbox.read('splunk', 'bot', 10, 0)).map((entry) => entry.event.EventId)).toEqual(
      events.map((event) => event.EventId),
    );
    await outbox.close();
  });

  it('says which master name no sentinel knows', async () => {
    const url = sentinel.url.replace(/\/hg-master$/, '/no-such-master');

    await expect(connectRedis(url, { giveUpAfter: 1 })).rejects.toThrow(
      "no sentinel knows a master named 'no-such-master'",
    );
  });

  it("reports the master's refusal of a wrong password without quoting it", async () => {
    const url = sentinel.url.replace(encodeURIComponent(PASSWORD), 'WRONG-dummy-password');

    const err = (await connectRedis(url, { giveUpAfter: 1 }).catch((failure: unknown) => failure)) as Error;

    expect(err.message).toMatch(/WRONGPASS/);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain('WRONG-dummy-password');
  });
});
