import { createGraphClient } from '../../../src/graph';
import {
  createHuntingPoller,
  type HuntingPoller,
  type HuntingPollerOptions,
  type HuntingQuery,
} from '../../../src/hunting/poller';
import { silentLogger } from '../../../src/log/logger';
import { connectRedis } from '../../../src/store/redis';
import { createRedisStores, type Stores } from '../../../src/store/stores';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { dummyChatCreatedRow } from '../../support/fake-graph-hunting';
import { connectTestRedis, testRedisUrl } from '../../support/redis';

const minute = 60_000;
const hour = 60 * minute;
const start = Date.parse('2026-11-28T12:00:00.000Z');
/** What the poller writes for the window starting at `ms`. */
const kqlFrom = (ms: number): string => new Date(ms).toISOString().replace('Z', '0000Z');

describe('hunting poller against FakeGraph and Redis', () => {
  let clock: number;
  let graph: FakeGraph;
  let pollers: HuntingPoller[];
  let closers: Array<() => Promise<void>>;
  let handled: Array<{ by: string; id: string }>;
  let declaredColumns: string[];

  const chatCreatedQuery = (owner: string): HuntingQuery => ({
    name: 'chatCreated',
    kql:
      'CloudAppEvents | where Timestamp between (hgFrom .. hgTo) | where ActionType == "ChatCreated" ' +
      '| project Timestamp, ReportId, AccountObjectId, RawEventData',
    columns: declaredColumns,
    timestampColumn: 'Timestamp',
    handle: async (rows) => {
      handled.push(...rows.map((row) => ({ by: owner, id: String(row.ReportId) })));
    },
  });

  /** A poller on its own Redis connection, as another replica (or a restarted one) would have. */
  const pollerOn = async (
    owner: string,
    fresh = false,
    overrides: Partial<HuntingPollerOptions> = {},
  ): Promise<{ poller: HuntingPoller; stores: Stores }> => {
    const redis = fresh ? await connectTestRedis() : await connectRedis(testRedisUrl());
    // Registered first: an open client would keep jest from exiting.
    closers.push(async () => redis.destroy());
    const stores = createRedisStores(redis);
    const poller = createHuntingPoller({
      graph: createGraphClient({
        endpoint: graph.url,
        tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
        log: silentLogger(),
        backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs: 5_000 },
      }),
      kv: stores.kv,
      fenced: stores.fenced,
      dedupe: stores.dedupe,
      queries: [chatCreatedQuery(owner)],
      log: silentLogger(),
      owner,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      ...overrides,
    });
    pollers.push(poller);
    return { poller, stores };
  };

  const rowAt = (ms: number, id: string) =>
    dummyChatCreatedRow({ Timestamp: new Date(ms).toISOString(), ReportId: id });
  const ids = (): string[] => handled.map((row) => row.id);

  beforeEach(async () => {
    clock = start;
    pollers = [];
    closers = [];
    handled = [];
    declaredColumns = ['ReportId', 'AccountObjectId', 'RawEventData'];
    graph = await new FakeGraph().start();
    graph.hunting.addTable('CloudAppEvents', [rowAt(start - hour, 'chat-1')]);
  });

  afterEach(async () => {
    await Promise.allSettled(pollers.map((poller) => poller.stop()));
    await Promise.allSettled(closers.map((close) => close()));
    await graph.stop();
  });

  it('carries on from the stored watermark after a restart', async () => {
    const first = await pollerOn('replica-a', true);
    await first.poller.runOnce();
    await first.poller.stop();
    clock += 5 * minute;
    graph.hunting.addRows('CloudAppEvents', [rowAt(start + minute, 'chat-2')]);

    const restarted = await pollerOn('replica-a');
    await restarted.poller.runOnce();

    expect(graph.hunting.calls[1].from).toBe(kqlFrom(start - 2 * minute - 10 * minute));
    expect(ids()).toEqual(['chat-1', 'chat-2']);
    expect(await restarted.stores.fenced.get('hunting:watermark:chatCreated')).toBe(
      new Date(start + 3 * minute).toISOString(),
    );
  });

  it('lets only one of two pollers on one Redis query', async () => {
    const a = await pollerOn('replica-a', true);
    const b = await pollerOn('replica-b');

    await Promise.all([a.poller.runOnce(), b.poller.runOnce()]);

    expect(graph.hunting.calls).toHaveLength(1);
    expect(new Set(handled.map((row) => row.by)).size).toBe(1);
    const leaders = [(await a.poller.health()).leader, (await b.poller.health()).leader];
    expect(leaders.sort()).toEqual([false, true]);
  });

  it('hands over to the other poller once the holder stops, from the same watermark', async () => {
    const a = await pollerOn('replica-a', true);
    const b = await pollerOn('replica-b');
    await a.poller.runOnce();
    await b.poller.runOnce();
    const callsWhileAHolds = graph.hunting.calls.length;

    await a.poller.stop();
    clock += 5 * minute;
    graph.hunting.addRows('CloudAppEvents', [rowAt(start + minute, 'chat-2')]);
    await b.poller.runOnce();

    expect(callsWhileAHolds).toBe(1);
    expect(handled).toEqual([
      { by: 'replica-a', id: 'chat-1' },
      { by: 'replica-b', id: 'chat-2' },
    ]);
    expect(graph.hunting.calls[1].from).toBe(kqlFrom(start - 12 * minute));
  });

  it('waits out a 429 and then catches up without losing a row', async () => {
    const { poller, stores } = await pollerOn('replica-a', true);
    await poller.runOnce();
    const watermark = await stores.fenced.get('hunting:watermark:chatCreated');
    clock += 5 * minute;
    graph.hunting.addRows('CloudAppEvents', [rowAt(start + minute, 'chat-2')]);
    graph.hunting.throttleNext(120);

    await poller.runOnce();
    const afterThrottle = {
      watermark: await stores.fenced.get('hunting:watermark:chatCreated'),
      health: (await poller.health()).queries[0],
    };
    graph.hunting.addRows('CloudAppEvents', [rowAt(start + 4 * minute, 'chat-3')]);
    clock += 60_000;
    await poller.runOnce();
    const callsWhileWaiting = graph.hunting.calls.length;
    clock += 62_000;
    await poller.runOnce();

    expect(afterThrottle.watermark).toBe(watermark);
    expect(afterThrottle.health.consecutiveErrors).toBe(1);
    expect(afterThrottle.health.lastError).toContain('429');
    expect(callsWhileWaiting).toBe(2);
    expect([...new Set(ids())].sort()).toEqual(['chat-1', 'chat-2', 'chat-3']);
    expect((await poller.health()).queries[0].consecutiveErrors).toBe(0);
  });

  it('waits for the CPU quota for the time its message names', async () => {
    const { poller } = await pollerOn('replica-a', true);
    // One attempt per call: the poller, not the client, waits out the quota.
    graph.hunting.exceedQuotaNext('00:05:00');

    await poller.runOnce();
    const health = await poller.health();
    clock += 5 * minute;
    await poller.runOnce();

    expect(health.pausedUntil).toBe(new Date(start + 5 * minute).toISOString());
    expect(ids()).toEqual(['chat-1']);
  });

  it('splits a window whose answer reaches the row cap, each row handled exactly once', async () => {
    graph.hunting.rowCap = 50;
    const rows = Array.from({ length: 180 }, (_, index) =>
      rowAt(start - 20 * hour + index * 5 * minute, `bulk-${index}`),
    );
    graph.hunting.addRows('CloudAppEvents', rows);
    // Graph's cap and the poller's, lowered together from 100,000.
    const { poller } = await pollerOn('replica-a', true, { rowCap: 50 });

    await poller.runOnce();

    expect(ids().sort()).toEqual(['chat-1', ...rows.map((row) => String(row.ReportId))].sort());
    expect(graph.hunting.calls.filter((call) => call.rows === 50).length).toBeGreaterThan(0);
    expect((await poller.health()).queries[0].rowsLastRun).toBe(181);
  });

  it('fails naming a declared column the answer lacks, counts it and keeps the watermark', async () => {
    declaredColumns = ['ReportId', 'AccountDisplayName'];
    const { poller, stores } = await pollerOn('replica-a', true);

    await poller.runOnce();

    const [query] = (await poller.health()).queries;
    expect(query.consecutiveErrors).toBe(1);
    expect(query.lastError).toContain('no column AccountDisplayName');
    expect(await stores.fenced.get('hunting:watermark:chatCreated')).toBeUndefined();
    expect(handled).toEqual([]);
  });

  it('says which permission is missing when Graph answers 403', async () => {
    graph.withoutPermission('runHuntingQuery');
    const { poller } = await pollerOn('replica-a', true);

    await poller.runOnce();

    expect((await poller.health()).queries[0].lastError).toContain('ThreatHunting.Read.All');
  });
});
