import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRetryAfter } from '../../src/events/backoff';
import { type GraphClient, GraphError, huntingQuotaWaitMs, type HuntingQueryResults } from '../../src/graph';
import { type FakeAnswer, fakeGraphError } from './fake-graph-subscriptions';

/** A column as runHuntingQuery's `schema` lists it. */
export interface FakeHuntingColumn {
  name: string;
  type: string;
}

/** One runHuntingQuery request as FakeGraph understood and answered it. */
export interface FakeHuntingCall {
  query: string;
  timespan?: string;
  /** The registered table the query named; undefined when it named none. */
  table?: string;
  /** The window of the `let hgFrom/hgTo` lines, as written (7-digit ISO); undefined without them. */
  from?: string;
  to?: string;
  status: number;
  /** Rows answered (after the cap). */
  rows: number;
}

interface FakeHuntingTable {
  timestampColumn: string;
  schema: FakeHuntingColumn[];
  rows: Record<string, unknown>[];
}

/**
 * The CPU quota answer. The message is the documented one (learn.microsoft.com/defender-xdr/advanced-hunting-errors,
 * "CPU throttling"); the code and the duration's format are not documented and are guesses.
 */
export const QUOTA_MESSAGE = (duration: string): string =>
  `You have exceeded processing resources allocated to this tenant. You can run queries again in ${duration}.`;

/** "Syntax errors" example of learn.microsoft.com/defender-xdr/advanced-hunting-errors. */
export const SYNTAX_ERROR_MESSAGE = 'A recognition error occurred.';

const WINDOW_LINE = (name: string): RegExp => new RegExp(`let\\s+${name}\\s*=\\s*datetime\\(([^)]+)\\)\\s*;`);

/** An ISO instant with 7 fractional digits (Kusto's ticks), so instants compare as strings. */
export const toTicksIso = (value: string): string | undefined => {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(value.trim());
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(7, '0').slice(0, 7)}Z` : undefined;
};

const typeOf = (value: unknown): string => {
  if (typeof value === 'string') return toTicksIso(value) ? 'DateTime' : 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Dynamic';
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * runHuntingQuery for FakeGraph (POST /v1.0/security/runHuntingQuery, body `{Query, Timespan?}`,
 * answer `{@odata.context, schema, results}` as security-security-runhuntingquery documents).
 * It does not parse KQL: tests register tables of rows, and a query is answered with the rows
 * of the registered table whose name it mentions, filtered to the window of the poller's
 * `let hgFrom = datetime(..); let hgTo = datetime(..);` lines on the table's timestamp column
 * (inclusive at both ends, like KQL's `between`), and cut at `rowCap` rows without saying so.
 * Scripted failures: a throttling 429 with Retry-After, the CPU quota 429, a syntax error 400.
 * `Timespan` is recorded in the call log, not applied: the poller's windows are in the query text.
 */
export class FakeGraphHunting {
  /** Every runHuntingQuery request, in arrival order. */
  readonly calls: FakeHuntingCall[] = [];
  /** The most rows an answer holds: Graph's 100,000 unless a test lowers it. */
  rowCap = 100_000;
  private readonly tables = new Map<string, FakeHuntingTable>();
  private readonly script: FakeAnswer[] = [];

  constructor(private readonly baseUrl: () => string) {}

  /** Registers a table; its schema is given or read off the first row (ISO strings are DateTime). */
  addTable(
    name: string,
    rows: Record<string, unknown>[],
    options: { timestampColumn?: string; schema?: FakeHuntingColumn[] } = {},
  ): this {
    const schema =
      options.schema ??
      Object.entries(rows[0] ?? {}).map(([column, value]) => ({ name: column, type: typeOf(value) }));
    this.tables.set(name, {
      timestampColumn: options.timestampColumn ?? 'Timestamp',
      schema,
      rows: rows.map((row) => structuredClone(row)),
    });
    return this;
  }

  /** Adds rows to a registered table (rows that "arrive" later). */
  addRows(name: string, rows: Record<string, unknown>[]): this {
    const table = this.tables.get(name);
    if (!table) throw new Error(`FakeGraphHunting: no table ${name}`);
    table.rows.push(...rows.map((row) => structuredClone(row)));
    return this;
  }

  /** The next query answers 429 TooManyRequests with `Retry-After: <seconds>`. */
  throttleNext(retryAfterSeconds: number): this {
    this.script.push(
      fakeGraphError(
        429,
        'TooManyRequests',
        'Too many requests; the tenant made too many calls this minute.',
        {
          'Retry-After': String(retryAfterSeconds),
        },
      ),
    );
    return this;
  }

  /** The next query answers 429 with the CPU quota message naming `duration`, and no Retry-After unless given. */
  exceedQuotaNext(duration = '00:14:10', headers?: Record<string, string>): this {
    this.script.push(fakeGraphError(429, 'TooManyRequests', QUOTA_MESSAGE(duration), headers));
    return this;
  }

  /** The next query answers 400 BadRequest with the documented syntax error message. */
  rejectNextAsSyntaxError(): this {
    this.script.push(fakeGraphError(400, 'BadRequest', SYNTAX_ERROR_MESSAGE));
    return this;
  }

  /** Answers one request body (already checked to be a JSON object by FakeGraph). */
  serve(body: Record<string, unknown>): FakeAnswer {
    const query = typeof body.Query === 'string' ? body.Query : undefined;
    const timespan = typeof body.Timespan === 'string' ? body.Timespan : undefined;
    const from = query === undefined ? undefined : WINDOW_LINE('hgFrom').exec(query)?.[1];
    const to = query === undefined ? undefined : WINDOW_LINE('hgTo').exec(query)?.[1];
    const table =
      query === undefined
        ? undefined
        : [...this.tables.keys()].find((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(query));
    const record = (answer: FakeAnswer, rows = 0): FakeAnswer => {
      this.calls.push({ query: query ?? '', timespan, table, from, to, status: answer.status, rows });
      return answer;
    };
    const scripted = this.script.shift();
    if (scripted) return record(scripted);
    if (query === undefined || query.trim() === '')
      return record(fakeGraphError(400, 'BadRequest', 'The Query parameter is required.'));
    if (table === undefined) {
      return record(
        fakeGraphError(
          400,
          'BadRequest',
          "'where' operator: Failed to resolve table expression named in the query.",
        ),
      );
    }
    const fromTicks = from === undefined ? undefined : toTicksIso(from);
    const toTicks = to === undefined ? undefined : toTicksIso(to);
    if ((from !== undefined && !fromTicks) || (to !== undefined && !toTicks))
      return record(fakeGraphError(400, 'BadRequest', SYNTAX_ERROR_MESSAGE));
    const { timestampColumn, schema, rows } = this.tables.get(table)!;
    const results = rows
      .filter((row) => {
        const at = typeof row[timestampColumn] === 'string' ? toTicksIso(row[timestampColumn]) : undefined;
        return at !== undefined && (!fromTicks || at >= fromTicks) && (!toTicks || at <= toTicks);
      })
      .slice(0, this.rowCap);
    return record(
      {
        status: 200,
        body: {
          '@odata.context': `${this.baseUrl()}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`,
          schema,
          results,
        },
      },
      results.length,
    );
  }
}

/**
 * runHuntingQuery over a FakeGraphHunting without HTTP, for unit tests of the poller: a
 * non-200 answer throws a GraphError with the status, code and Retry-After (or the wait the
 * quota message names) as the real client reports them.
 */
export const fakeHuntingClient = (hunting: FakeGraphHunting): Pick<GraphClient, 'runHuntingQuery'> => ({
  async runHuntingQuery(query, timespan) {
    const answer = hunting.serve({ Query: query, ...(timespan === undefined ? {} : { Timespan: timespan }) });
    if (answer.status === 200) return structuredClone(answer.body) as HuntingQueryResults;
    const { code, message } = (answer.body as { error: { code: string; message: string } }).error;
    const retryAfterMs =
      parseRetryAfter(answer.headers?.['Retry-After']) ??
      (answer.status === 429 ? huntingQuotaWaitMs(message) : undefined);
    throw new GraphError(
      `graph: run an advanced hunting query failed: ${answer.status} ${code}: ${message}`,
      {
        operation: 'runHuntingQuery',
        status: answer.status,
        graphCode: code,
        attempts: 1,
        retryAfterMs,
      },
    );
  },
});

/** The shared Defender fixtures (../shared/fixtures/teams). */
export const HUNTING_FIXTURES = join(__dirname, '../../../shared/fixtures/teams');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const deepMerge = (
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> =>
  Object.fromEntries(
    [...new Set([...Object.keys(base), ...Object.keys(overrides)])].map((key) => {
      const [was, now] = [base[key], overrides[key]];
      return [
        key,
        isPlainObject(was) && isPlainObject(now) ? deepMerge(was, now) : key in overrides ? now : was,
      ];
    }),
  );

/**
 * A `CloudAppEvents` ChatCreated row as Defender returns it (the shared fixture
 * defender-hunting.chat-created.row.json), with `overrides` deep-merged, e.g. `{ Timestamp, ReportId }`.
 */
export const dummyChatCreatedRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  deepMerge(
    JSON.parse(
      readFileSync(join(HUNTING_FIXTURES, 'defender-hunting.chat-created.row.json'), 'utf8'),
    ) as Record<string, unknown>,
    overrides,
  );
