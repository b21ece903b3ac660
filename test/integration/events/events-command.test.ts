import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { run } from '../../../src/cli/events-command';
import { RedisOutbox } from '../../../src/events/outbox/redis-outbox';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../../support/redis';
import { dummyEvents } from '../../unit/src/events/dummy-events';

/** A stream that keeps what is written to it. */
const collect = (into: string[]): Writable =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk.toString());
      done();
    },
  });

/** Captures what the command writes. */
const fakeIo = (redis?: TestRedis, env: Record<string, string | undefined> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      env,
      redis,
      stdout: collect(out),
      stderr: collect(err),
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
};

describe('helpdesk-guard events', () => {
  let redis: TestRedis;
  let outbox: RedisOutbox;
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(() => {
    redis.destroy();
  });
  beforeEach(async () => {
    await redis.flushDb();
    outbox = new RedisOutbox(redis, ['splunk', 'webhook'], 60_000);
  });
  afterEach(async () => {
    await outbox.close();
  });

  /** Two events dead-lettered for splunk, delivered to webhook. */
  const deadLetterTwo = async () => {
    const events = dummyEvents(2);
    for (const event of events) await outbox.append(event);
    await outbox.deadLetter(
      'splunk',
      await outbox.read('splunk', 'bot', 10, 0),
      'splunk: HTTP 503: Server is busy (code 9)',
      12,
    );
    await outbox.ack(
      'webhook',
      (await outbox.read('webhook', 'bot', 10, 0)).map((entry) => entry.id),
    );
    return events;
  };

  it('replay moves the dead letters back for that sink, with their EventIds', async () => {
    const events = await deadLetterTwo();
    const io = fakeIo(undefined, { REDIS_URL: testRedisUrl() });

    const code = await run(['replay', '--sink', 'splunk'], io.io);

    expect(code).toBe(0);
    expect(io.stdout()).toContain('replayed 2 event(s) for splunk');
    expect((await outbox.read('splunk', 'bot', 10, 0)).map((entry) => entry.event.EventId)).toEqual(
      events.map((event) => event.EventId),
    );
    expect(await outbox.read('webhook', 'bot', 10, 0)).toEqual([]);
  });

  it('status prints lag and dead letters per sink', async () => {
    await deadLetterTwo();
    const io = fakeIo(redis);

    expect(await run(['status'], io.io)).toBe(0);
    expect(
      io
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { sink: 'splunk', lag: 0, deadLetters: 2 },
      { sink: 'webhook', lag: 0, deadLetters: 0 },
    ]);
  });

  it('dead-letters prints each event with the reason', async () => {
    const events = await deadLetterTwo();
    const io = fakeIo(redis);

    expect(await run(['dead-letters', '--sink', 'splunk', '--limit', '1'], io.io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({
      sink: 'splunk',
      event: events[0],
      reason: 'splunk: HTTP 503: Server is busy (code 9)',
      attempts: 12,
    });
  });

  it.each([
    [['replay'], 'name a sink with --sink (known: splunk, webhook) or use --all'],
    [['replay', '--sink', 'nope'], "no sink 'nope' in Redis"],
    [['replay', '--sink', 'splunk', '--limit', 'ten'], "--limit must be a positive whole number (got 'ten')"],
    [['frobnicate'], "unknown events command 'frobnicate'"],
  ])('refuses %p with exit code 2', async (args, message) => {
    await deadLetterTwo();
    const io = fakeIo(redis);

    expect(await run(args, io.io)).toBe(2);
    expect(io.stderr()).toContain(message);
  });

  it('asks for REDIS_URL when there is none', async () => {
    const io = fakeIo(undefined, {});

    expect(await run(['status'], io.io)).toBe(1);
    expect(io.stderr()).toContain('set REDIS_URL');
  });

  it('gives up on an unreachable Redis with the cause, never the URL', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const io = fakeIo(undefined, { REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` });
    expect(await run(['status'], io.io)).toBe(1);
    expect(io.stderr()).toContain(`events status failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(io.stderr()).not.toContain('hunter2');
  });
});
