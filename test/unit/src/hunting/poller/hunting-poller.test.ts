import { isGuardError } from '../../../../../src/errors';
import {
  createHuntingPoller,
  type HuntingPoller,
  type HuntingQuery,
} from '../../../../../src/hunting/poller';
import type { HuntingPollerOptions } from '../../../../../src/hunting/poller';
import { silentLogger } from '../../../../../src/log/logger';
import { MemoryFencedStore, MemoryKeyValueStore } from '../../../../../src/store/memory';
import {
  dummyChatCreatedRow,
  FakeGraphHunting,
  fakeHuntingClient,
} from '../../../../support/fake-graph-hunting';
import { waitUntil } from '../../../../support/wait-for';

const minute = 60_000;
const day = 24 * 60 * minute;
const start = Date.parse('2026-11-28T12:00:00.000Z');

describe('createHuntingPoller', () => {
  let clock: number;
  let store: MemoryKeyValueStore;
  let fenced: MemoryFencedStore;
  let hunting: FakeGraphHunting;
  let handled: Record<string, string[]>;
  let failHandle: boolean;

  const queryOn = (table: string, name = table): HuntingQuery => ({
    name,
    kql: `${table} | where Timestamp between (hgFrom .. hgTo)`,
    columns: ['ReportId'],
    timestampColumn: 'Timestamp',
    handle: async (rows) => {
      if (failHandle) throw new Error('dummy sink down');
      handled[name] = [...(handled[name] ?? []), ...rows.map((row) => String(row.ReportId))];
    },
  });

  const pollerFor = (queries: HuntingQuery[], overrides: Partial<HuntingPollerOptions> = {}): HuntingPoller =>
    createHuntingPoller({
      graph: fakeHuntingClient(hunting),
      kv: store,
      fenced,
      dedupe: store,
      queries,
      log: silentLogger(),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      backoff: { baseMs: minute, maxMs: 4 * minute, retryAfterMaxMs: 60 * minute, random: () => 0 },
      ...overrides,
    });

  const rowAt = (ms: number, id: string) =>
    dummyChatCreatedRow({ Timestamp: new Date(ms).toISOString(), ReportId: id });

  beforeEach(() => {
    clock = start;
    store = new MemoryKeyValueStore(() => clock);
    fenced = new MemoryFencedStore();
    hunting = new FakeGraphHunting(() => 'http://fake-graph');
    hunting.addTable('CloudAppEvents', [rowAt(start - 60 * minute, 'chat-1')]);
    hunting.addTable('DeviceProcessEvents', [rowAt(start - 30 * minute, 'process-1')]);
    handled = {};
    failHandle = false;
  });

  it('runs every query and keeps its watermark in the store', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents'), queryOn('DeviceProcessEvents')]);

    await poller.runOnce();

    expect(handled).toEqual({ CloudAppEvents: ['chat-1'], DeviceProcessEvents: ['process-1'] });
    expect(await fenced.get('hunting:watermark:CloudAppEvents')).toBe(
      new Date(start - 2 * minute).toISOString(),
    );
  });

  it('queries the next run from the watermark less the overlap', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents')]);
    await poller.runOnce();
    clock += 5 * minute;

    await poller.runOnce();

    expect(hunting.calls[1].from).toBe(new Date(start - 12 * minute).toISOString().replace('Z', '0000Z'));
  });

  it('catches up after an outage in steps of the longest window', async () => {
    await store.set('hunting:watermark:CloudAppEvents', new Date(start - 3 * day).toISOString());
    hunting.addRows('CloudAppEvents', [rowAt(start - 2.5 * day, 'old-1'), rowAt(start - 1.5 * day, 'old-2')]);

    await pollerFor([queryOn('CloudAppEvents')]).runOnce();

    expect(hunting.calls.map((call) => call.to)).toEqual([
      '2026-11-26T11:59:59.9999999Z',
      '2026-11-27T11:59:59.9999999Z',
      '2026-11-28T11:57:59.9999999Z',
    ]);
    expect(handled.CloudAppEvents).toEqual(['old-1', 'old-2', 'chat-1']);
  });

  it('keeps the watermark and backs off when handle fails', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents')]);
    failHandle = true;
    await poller.runOnce();
    failHandle = false;

    await poller.runOnce();
    const callsDuringBackoff = hunting.calls.length;
    clock += minute;
    await poller.runOnce();

    expect(callsDuringBackoff).toBe(1);
    expect(hunting.calls).toHaveLength(2);
    expect(handled.CloudAppEvents).toEqual(['chat-1']);
  });

  it('pauses every query for the wait of a 429, then catches up', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents'), queryOn('DeviceProcessEvents')]);
    hunting.throttleNext(120);

    await poller.runOnce();
    const paused = await poller.health();
    clock += 119_000;
    await poller.runOnce();
    const callsWhilePaused = hunting.calls.length;
    clock += 1_000;
    await poller.runOnce();

    expect(paused.pausedUntil).toBe(new Date(start + 120_000).toISOString());
    expect(callsWhilePaused).toBe(1);
    expect(handled).toEqual({ CloudAppEvents: ['chat-1'], DeviceProcessEvents: ['process-1'] });
  });

  it('spaces calls across queries to callsPerMinute', async () => {
    const queries = ['a', 'b', 'c', 'd', 'e'].map((name) => queryOn('CloudAppEvents', name));

    await pollerFor(queries, { callsPerMinute: 2 }).runOnce();

    expect(clock - start).toBe(2 * minute);
    expect(Object.keys(handled)).toHaveLength(5);
  });

  it('reports each query: last success, lag, rows, errors', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents'), queryOn('DeviceProcessEvents')], {
      leaseMs: 10 * minute,
    });
    hunting.rejectNextAsSyntaxError();
    await poller.runOnce();
    clock += 3 * minute;

    const health = await poller.health();

    expect(health.leader).toBe(true);
    expect(health.queries[0]).toMatchObject({ name: 'CloudAppEvents', consecutiveErrors: 1 });
    expect(health.queries[0].lastError).toContain('A recognition error occurred.');
    expect(health.queries[0].lagMs).toBeUndefined();
    expect(health.queries[1]).toMatchObject({
      name: 'DeviceProcessEvents',
      consecutiveErrors: 0,
      rowsLastRun: 1,
      lastSuccessAt: new Date(start).toISOString(),
      lagMs: 5 * minute,
    });
  });

  it('runs a first pass on start, and hands the lease over on stop', async () => {
    const poller = pollerFor([queryOn('CloudAppEvents')]);

    poller.start();
    await waitUntil(() => handled.CloudAppEvents?.length === 1, 'the first pass');
    await poller.stop();
    const next = pollerFor([queryOn('CloudAppEvents')], { owner: 'replica-b' });
    await next.runOnce();

    expect(hunting.calls).toHaveLength(1);
    expect((await next.health()).leader).toBe(true);
  });

  it('cuts short a wait for a call slot on stop', async () => {
    // The real sleep: the second query waits a minute for its slot, unless stop() ends the wait.
    const poller = pollerFor([queryOn('CloudAppEvents'), queryOn('DeviceProcessEvents')], {
      callsPerMinute: 1,
      sleep: undefined,
    });
    poller.start();
    await waitUntil(() => handled.CloudAppEvents?.length === 1, 'the first query');

    const stopping = Date.now();
    await poller.stop();

    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(hunting.calls).toHaveLength(1);
  });

  it.each([
    ['a query that ignores the window', { kql: 'CloudAppEvents | take 10' }, 'hgFrom and hgTo'],
    ['a name the watermark key cannot hold', { name: 'chat created' }, 'letters, digits'],
  ])('refuses %s at construction', (_case, override, fix) => {
    let thrown: unknown;
    try {
      pollerFor([{ ...queryOn('CloudAppEvents'), ...override }]);
    } catch (err) {
      thrown = err;
    }

    expect(isGuardError(thrown, 'config_invalid')).toBe(true);
    expect((thrown as Error).message).toContain(fix);
  });

  it('refuses two queries of one name', () => {
    expect(() =>
      pollerFor([queryOn('CloudAppEvents'), queryOn('DeviceProcessEvents', 'CloudAppEvents')]),
    ).toThrow('names must be unique');
  });
});
