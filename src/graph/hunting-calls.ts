/**
 * Defender XDR advanced hunting through Graph (POST /security/runHuntingQuery): the call,
 * its answer's shape, and the waits its quota answers name.
 */
import { GraphError, invalidAnswer, isGraphError } from './graph-error';
import { HUNTING_QUERY_PATH } from './graph-paths';
import { type GraphRequestContext, type GraphResponse, sendGraphRequest } from './send-graph-request';

/** One column of an advanced hunting answer, e.g. `{ name: 'Timestamp', type: 'DateTime' }`. */
export interface HuntingColumn {
  name: string;
  type: string;
}

/** An advanced hunting answer (microsoft.graph.security.huntingQueryResults): columns, then rows. */
export interface HuntingQueryResults {
  schema: HuntingColumn[];
  results: Record<string, unknown>[];
}

/** The advanced hunting call of the Graph client. */
export interface GraphHuntingCalls {
  /**
   * Runs a Defender XDR advanced hunting (KQL) query: POST /v1.0/security/runHuntingQuery with
   * `{ Query, Timespan? }` (Timespan in ISO 8601; Graph searches 30 days without one) -> 200 with
   * `schema` and `results`. Needs ThreatHunting.Read.All. Microsoft caps an answer at
   * {@link HUNTING_ROW_LIMIT} rows and a tenant at about 45 calls a minute and a CPU budget per
   * 15-minute cycle; past either Graph answers 429, and the GraphError's `retryAfterMs` says how
   * long to wait: Retry-After, else the wait the quota message names, else the next cycle.
   */
  runHuntingQuery(query: string, timespan?: string): Promise<HuntingQueryResults>;
}

/** The most rows one advanced hunting answer holds (security-api-overview, "Quotas and resource allocation"). */
export const HUNTING_ROW_LIMIT = 100_000;

/** Graph ends a hunting query after 3 minutes; the client waits a little longer for that answer. */
const HUNTING_TIMEOUT_MS = 200_000;

/** A tenant past its hunting CPU budget is blocked "until after the next 15-minute cycle". */
const HUNTING_QUOTA_CYCLE_MS = 15 * 60_000;

const DURATION_UNITS_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000 };

/**
 * The wait a quota message names ("You can run queries again in <duration>", advanced-hunting-errors),
 * so the poller waits that long rather than a guess: `[d.]hh:mm:ss`, ISO 8601 `PT14M10S`, or
 * `14 minutes`. Undefined when it names none.
 */
export const huntingQuotaWaitMs = (message: string): number | undefined => {
  const clock = /again in\s+(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})/i.exec(message);
  if (clock) {
    const [days, hours, minutes, seconds] = clock.slice(1).map((part) => Number(part ?? 0));
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000;
  }
  const named = /again in\s+(PT[\dHMS.]+|\d+(?:\.\d+)?\s*(?:hours?|minutes?|mins?|seconds?|secs?))/i.exec(
    message,
  );
  if (!named) return undefined;
  let total = 0;
  for (const [, amount, unit] of named[1].matchAll(/(\d+(?:\.\d+)?)\s*([hms])/gi)) {
    total += Number(amount) * DURATION_UNITS_MS[unit.toLowerCase()];
  }
  return total > 0 ? Math.ceil(total) : undefined;
};

/**
 * A 429 without Retry-After gets the wait its quota message names, or the next CPU cycle for
 * the CPU quota, in `retryAfterMs`: retrying sooner only spends the per-minute call budget.
 */
const withHuntingWait = (err: unknown): unknown => {
  if (!isGraphError(err, 429) || err.retryAfterMs !== undefined) return err;
  const waitMs =
    huntingQuotaWaitMs(err.message) ??
    (/processing resources|cpu/i.test(err.message) ? HUNTING_QUOTA_CYCLE_MS : undefined);
  if (waitMs === undefined) return err;
  const { operation, status, graphCode, requestId, attempts, cause } = err;
  return new GraphError(`${err.message}; the hunting quota frees up in ${Math.ceil(waitMs / 1000)} s`, {
    ...{ operation, status, graphCode, requestId, attempts, cause },
    retryAfterMs: waitMs,
  });
};

/** The hunting answer in a Graph body; columns come as `name`/`type` (`Name`/`Type` in one documented sample). */
const huntingResultsOf = (body: unknown): HuntingQueryResults | undefined => {
  const { schema, results } = (body ?? {}) as { schema?: unknown; results?: unknown };
  if (!Array.isArray(schema) || !Array.isArray(results)) return undefined;
  const columns = schema.map((column: Record<string, unknown> | null) => ({
    name: column?.name ?? column?.Name,
    type: column?.type ?? column?.Type,
  }));
  if (!columns.every((column) => typeof column.name === 'string' && typeof column.type === 'string'))
    return undefined;
  if (!results.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row)))
    return undefined;
  return { schema: columns as HuntingColumn[], results: results as Record<string, unknown>[] };
};

/**
 * The hunting call over one client's request context, with a timeout past Graph's 3 minutes
 * and one attempt: the poller paces calls against the tenant's quota and backs off itself,
 * so a retry here would spend the per-minute budget behind its back.
 */
export const createHuntingCalls = (context: GraphRequestContext): GraphHuntingCalls => ({
  async runHuntingQuery(query, timespan) {
    const what = 'run an advanced hunting query';
    let response: GraphResponse;
    try {
      response = await sendGraphRequest(
        { ...context, maxAttempts: 1, timeoutMs: Math.max(context.timeoutMs, HUNTING_TIMEOUT_MS) },
        {
          operation: 'runHuntingQuery',
          method: 'POST',
          path: HUNTING_QUERY_PATH,
          body: { Query: query, ...(timespan === undefined ? {} : { Timespan: timespan }) },
          what,
        },
      );
    } catch (err) {
      throw withHuntingWait(err);
    }
    const answer = huntingResultsOf(response.body);
    if (!answer) throw invalidAnswer('runHuntingQuery', what, response.attempts);
    return answer;
  },
});
