import { type BackoffOptions, retryDelayMs } from '../../events/backoff';
import type { GraphClient } from '../../graph/create-graph-client';
import { isGraphError } from '../../graph/graph-error';
import type { Logger } from '../../log/logger';
import { redactUrlsIn } from '../../log/redact-url';
import type { HuntingQuery } from './hunting-query';
import type { HuntingState } from './hunting-state';
import { nextWindow, type WindowSettings } from './hunting-window';
import { type PollWindowDeps, pollWindow } from './poll-window';

/** What polling the queries needs from the poller. */
export interface QueryRunnerDeps {
  graph: Pick<GraphClient, 'runHuntingQuery'>;
  log: Logger;
  state: HuntingState;
  windows: WindowSettings;
  rowCap: number;
  minSplitMs: number;
  backoff: BackoffOptions;
  now: () => number;
  takeCall: () => Promise<boolean>;
  mayGoOn: () => boolean;
}

/**
 * How one query's turn ended: `done` (caught up), `failed` (backoff until `retryAt`),
 * `paused` (a 429: every query waits until `retryAt`), `stopped` (lease lost, or stop()).
 */
export type QueryOutcome =
  | { kind: 'done' }
  | { kind: 'stopped' }
  | { kind: 'failed'; retryAt: number }
  | { kind: 'paused'; retryAt: number };

const ERROR_MAX_CHARS = 600;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A failure as health shows it: the message only, URLs redacted, bounded. */
const describe = (err: unknown): string =>
  redactUrlsIn(err instanceof Error ? err.message : String(err)).slice(0, ERROR_MAX_CHARS);

/**
 * Polls one query at a time: every window from its watermark to now, recording success or
 * failure in the shared state. A 429 is the tenant's quota, so its backoff grows with
 * 429s in a row across queries and Graph's wait (Retry-After or the quota message) wins.
 */
export const createQueryRunner = (deps: QueryRunnerDeps) => {
  const { log, state, now } = deps;
  let quotaStrikes = 0;

  const fail = async (query: HuntingQuery, err: unknown): Promise<QueryOutcome> => {
    const status = await state.status(query.name);
    const consecutiveErrors = status.consecutiveErrors + 1;
    const quota = isGraphError(err, 429);
    if (quota) quotaStrikes += 1;
    const asked = isGraphError(err) ? err.retryAfterMs : undefined;
    const at = now();
    const retryAt = at + retryDelayMs(quota ? quotaStrikes : consecutiveErrors, deps.backoff, asked);
    await state.saveStatus(query.name, {
      ...status,
      consecutiveErrors,
      lastError: describe(err),
      lastErrorAt: iso(at),
      nextAttemptAt: iso(retryAt),
    });
    log.warn(
      { err, hunting: { query: query.name, consecutiveErrors, nextAttemptAt: iso(retryAt) } },
      quota
        ? `hunting: the tenant's hunting quota is spent; every query waits until ${iso(retryAt)}, watermarks kept`
        : `hunting: query ${query.name} failed; retried after ${iso(retryAt)}, watermark kept`,
    );
    return quota ? { kind: 'paused', retryAt } : { kind: 'failed', retryAt };
  };

  const poll = async (query: HuntingQuery): Promise<QueryOutcome> => {
    let watermark = await state.watermark(query.name);
    let rows = 0;
    const windowDeps: PollWindowDeps = {
      ...deps,
      advance: async (toMs) => {
        if (watermark !== undefined && toMs <= watermark) return;
        await state.saveWatermark(query.name, toMs);
        watermark = toMs;
      },
    };
    try {
      for (;;) {
        const next = nextWindow(watermark, now(), deps.windows);
        if (!next) break;
        if (next.lost) {
          log.warn(
            { hunting: { query: query.name, from: iso(next.lost.fromMs), to: iso(next.lost.toMs) } },
            `hunting: query ${query.name} was not polled for over 30 days; rows of that time are gone`,
          );
        }
        const result = await pollWindow(windowDeps, query, next.window);
        rows += result.rows;
        if (!result.complete) return { kind: 'stopped' };
        if (next.caughtUp) break;
      }
    } catch (err) {
      return fail(query, err);
    }
    quotaStrikes = 0;
    const { lastError, lastErrorAt } = await state.status(query.name);
    await state.saveStatus(query.name, {
      lastSuccessAt: iso(now()),
      rowsLastRun: rows,
      consecutiveErrors: 0,
      ...(lastError === undefined ? {} : { lastError, lastErrorAt }),
    });
    return { kind: 'done' };
  };

  return { poll };
};
