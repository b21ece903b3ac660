import { isGuardError } from '../../../../../src/errors';
import { GraphError } from '../../../../../src/graph';
import type { HuntingQuery, HuntingWindow, WindowMs } from '../../../../../src/hunting/poller/hunting-query';
import { pollWindow, type PollWindowDeps } from '../../../../../src/hunting/poller/poll-window';
import { silentLogger } from '../../../../../src/log/logger';
import {
  dummyChatCreatedRow,
  FakeGraphHunting,
  fakeHuntingClient,
} from '../../../../support/fake-graph-hunting';

const hour = 60 * 60_000;
const windowStart = Date.parse('2026-11-27T22:00:00.000Z');
const window: WindowMs = { fromMs: windowStart, toMs: windowStart + hour };

/** `count` ChatCreated rows spread evenly over the window, the first at its start. */
const rowsOver = (count: number): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, index) =>
    dummyChatCreatedRow({
      Timestamp: new Date(windowStart + Math.floor((index * hour) / count)).toISOString(),
      ReportId: `report-${index}`,
    }),
  );

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );

describe('pollWindow', () => {
  let hunting: FakeGraphHunting;
  let handled: Array<{ rows: Record<string, unknown>[]; window: HuntingWindow }>;
  let advanced: number[];
  let query: HuntingQuery;

  const deps = (overrides: Partial<PollWindowDeps> = {}): PollWindowDeps => ({
    graph: fakeHuntingClient(hunting),
    log: silentLogger(),
    takeCall: async () => true,
    mayGoOn: () => true,
    rowCap: hunting.rowCap,
    minSplitMs: 1_000,
    advance: async (toMs) => {
      advanced.push(toMs);
    },
    ...overrides,
  });

  beforeEach(() => {
    hunting = new FakeGraphHunting(() => 'http://fake-graph');
    handled = [];
    advanced = [];
    query = {
      name: 'chatCreated',
      kql: 'CloudAppEvents | where Timestamp between (hgFrom .. hgTo) | where ActionType == "ChatCreated"',
      columns: ['ReportId', 'RawEventData'],
      timestampColumn: 'Timestamp',
      handle: async (rows, handledWindow) => {
        handled.push({ rows, window: handledWindow });
      },
    };
  });

  const handledIds = (): string[] => handled.flatMap(({ rows }) => rows.map((row) => String(row.ReportId)));

  it('hands a window that fits the cap to handle in one call and advances to its end', async () => {
    hunting.addTable('CloudAppEvents', rowsOver(5));

    const result = await pollWindow(deps(), query, window);

    expect(result).toEqual({ rows: 5, complete: true });
    expect(handled).toHaveLength(1);
    expect(handled[0].window).toEqual({ from: new Date(window.fromMs), to: new Date(window.toMs) });
    expect(advanced).toEqual([window.toMs]);
  });

  it('halves a window whose answer reaches the cap until every part fits, each row handled once', async () => {
    hunting.rowCap = 10;
    hunting.addTable('CloudAppEvents', rowsOver(32));

    const result = await pollWindow(deps({ rowCap: 10 }), query, window);

    expect(result.rows).toBe(32);
    expect(handledIds().sort()).toEqual(
      rowsOver(32)
        .map((row) => String(row.ReportId))
        .sort(),
    );
    expect(handled.length).toBeGreaterThanOrEqual(4);
    expect(hunting.calls.filter((call) => call.rows === 10).length).toBeGreaterThan(0);
  });

  it('handles the parts earliest first and advances the watermark after each', async () => {
    hunting.rowCap = 10;
    hunting.addTable('CloudAppEvents', rowsOver(32));

    await pollWindow(deps({ rowCap: 10 }), query, window);

    const ends = handled.map(({ window: part }) => part.to.getTime());
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(advanced).toEqual(ends);
    expect(advanced.at(-1)).toBe(window.toMs);
  });

  it('gives a row on the split point to the later half only', async () => {
    hunting.rowCap = 2;
    const middle = new Date(windowStart + hour / 2).toISOString();
    hunting.addTable('CloudAppEvents', [
      dummyChatCreatedRow({ Timestamp: new Date(windowStart).toISOString(), ReportId: 'first' }),
      dummyChatCreatedRow({ Timestamp: middle, ReportId: 'middle' }),
    ]);

    await pollWindow(deps({ rowCap: 2 }), query, window);

    expect(handledIds()).toEqual(['first', 'middle']);
    expect(handled[1].window.from.toISOString()).toBe(middle);
  });

  it('splits a window Graph refuses as too large in bytes', async () => {
    hunting.addTable('CloudAppEvents', rowsOver(4));
    const graph = fakeHuntingClient(hunting);
    let refused = false;
    const tooLargeOnce: PollWindowDeps['graph'] = {
      runHuntingQuery: async (text) => {
        if (refused) return graph.runHuntingQuery(text);
        refused = true;
        throw new GraphError(
          'graph: run an advanced hunting query failed: 400 BadRequest: Result size limit exceeded.',
          {
            operation: 'runHuntingQuery',
            status: 400,
            attempts: 1,
          },
        );
      },
    };

    await pollWindow(deps({ graph: tooLargeOnce }), query, window);

    expect(handled).toHaveLength(2);
    expect(handledIds()).toHaveLength(4);
  });

  it('fails with what to fix when a window of the minimum length still reaches the cap', async () => {
    hunting.rowCap = 2;
    const at = new Date(windowStart).toISOString();
    hunting.addTable('CloudAppEvents', [
      dummyChatCreatedRow({ Timestamp: at, ReportId: 'a' }),
      dummyChatCreatedRow({ Timestamp: at, ReportId: 'b' }),
    ]);

    const err = await rejectionOf(pollWindow(deps({ rowCap: 2 }), query, window));

    expect(isGuardError(err, 'hunting_failed')).toBe(true);
    expect((err as Error).message).toContain('narrow the query');
    expect(handled).toEqual([]);
  });

  it('fails naming the declared columns the answer lacks, and keeps the watermark', async () => {
    hunting.addTable('CloudAppEvents', rowsOver(2));
    query.columns = ['ReportId', 'AccountDisplayName', 'IPAddress'];

    const err = await rejectionOf(pollWindow(deps(), query, window));

    expect(isGuardError(err, 'hunting_failed')).toBe(true);
    expect((err as Error).message).toContain('AccountDisplayName, IPAddress');
    expect(handled).toEqual([]);
    expect(advanced).toEqual([]);
  });

  it('keeps the watermark when handle rejects', async () => {
    hunting.addTable('CloudAppEvents', rowsOver(2));
    query.handle = async () => {
      throw new Error('dummy sink down');
    };

    await expect(pollWindow(deps(), query, window)).rejects.toThrow('dummy sink down');
    expect(advanced).toEqual([]);
  });

  it('makes no call once it may not go on (lease lost, or stopping)', async () => {
    hunting.addTable('CloudAppEvents', rowsOver(2));

    const result = await pollWindow(deps({ mayGoOn: () => false }), query, window);

    expect(result).toEqual({ rows: 0, complete: false });
    expect(hunting.calls).toEqual([]);
  });
});
