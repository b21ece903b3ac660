import { randomUUID } from 'node:crypto';
import { HelpdeskGuardError } from '../../errors';
import { type BackoffOptions, sleep as defaultSleep } from '../../events/backoff';
import type { GraphClient } from '../../graph/create-graph-client';
import { HUNTING_ROW_LIMIT } from '../../graph/hunting-calls';
import type { Logger } from '../../log/logger';
import type { DedupeStore, FencedStore, KeyValueStore } from '../../store/ports';
import type { HuntingQuery } from './hunting-query';
import { HUNTING_RETENTION_MS } from './hunting-window';

/** What the hunting poller needs; every duration is in ms. */
export interface HuntingPollerOptions {
  graph: Pick<GraphClient, 'runHuntingQuery'>;
  kv: KeyValueStore;
  /** Where the lease holder's own state goes, fenced by its lease token. */
  fenced: FencedStore;
  dedupe: DedupeStore;
  queries: readonly HuntingQuery[];
  log: Logger;
  /** How often a run starts: 5 minutes by default. */
  intervalMs?: number;
  /** How far each window reaches back before the watermark, for rows that arrive late: 10 minutes by default. */
  overlapMs?: number;
  /** The longest window: what the first run looks back, and the step of a catch-up: 1 day by default. */
  maxWindowMs?: number;
  /** Windows end this long before now, so rows still being ingested are not skipped: 2 minutes by default. */
  ingestionDelayMs?: number;
  /** Calls started in any minute, across all queries: 40 by default, under the documented 45. */
  callsPerMinute?: number;
  /** An answer this long may be cut short and is split: Graph's 100,000 rows by default. */
  rowCap?: number;
  /** The shortest window a split makes: 1 s by default. */
  minSplitMs?: number;
  /** One lease period: 60 s by default; a dead holder is replaced within two. */
  leaseMs?: number;
  /** Waits after failures; Graph's quota wait wins when longer. */
  backoff?: BackoffOptions;
  /** This replica's name for the lease; random by default. */
  owner?: string;
  now?: () => number;
  /** For tests with a fake clock; resolves after `ms` or when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Waits after failures: 30 s doubling to 15 minutes (one CPU quota cycle); a quota wait of up to an hour is honoured. */
export const DEFAULT_HUNTING_BACKOFF: BackoffOptions = Object.freeze({
  baseMs: 30_000,
  maxMs: 15 * 60_000,
  retryAfterMaxMs: 60 * 60_000,
});

const NAME = /^[A-Za-z0-9_-]+$/;

const invalid = (message: string): HelpdeskGuardError =>
  new HelpdeskGuardError('config_invalid', `hunting poller: ${message}`);

const positive = (what: string, value: number | undefined, fallback: number, zeroOk = false): number => {
  const settled = value ?? fallback;
  if (!Number.isFinite(settled) || settled < 0 || (!zeroOk && settled === 0))
    throw invalid(
      `${what} must be a ${zeroOk ? 'non-negative' : 'positive'} number of ms (got ${String(value)})`,
    );
  return settled;
};

const checkQueries = (queries: readonly HuntingQuery[]): void => {
  if (queries.length === 0) throw invalid('no queries to run; give at least one');
  const names = new Set<string>();
  for (const query of queries) {
    if (!NAME.test(query.name)) throw invalid(`query name "${query.name}" must be letters, digits, - or _`);
    if (names.has(query.name)) throw invalid(`two queries are named ${query.name}; names must be unique`);
    names.add(query.name);
    if (!/\bhgFrom\b/.test(query.kql) || !/\bhgTo\b/.test(query.kql)) {
      throw invalid(
        `query ${query.name} must filter on hgFrom and hgTo, e.g. "| where ${query.timestampColumn} between (hgFrom .. hgTo)"; ` +
          'without them every run searches 30 days',
      );
    }
  }
};

/** The settled options: validated, defaults applied. Throws config_invalid saying what to fix. */
export const settleHuntingOptions = (options: HuntingPollerOptions) => {
  checkQueries(options.queries);
  const callsPerMinute = options.callsPerMinute ?? 40;
  if (!Number.isInteger(callsPerMinute) || callsPerMinute < 1)
    throw invalid('callsPerMinute must be a whole number of at least 1');
  const maxWindowMs = positive('maxWindowMs', options.maxWindowMs, 24 * 60 * 60_000);
  if (maxWindowMs > HUNTING_RETENTION_MS)
    throw invalid('maxWindowMs cannot exceed the 30 days Defender keeps');
  return {
    intervalMs: positive('intervalMs', options.intervalMs, 5 * 60_000),
    windows: {
      overlapMs: positive('overlapMs', options.overlapMs, 10 * 60_000, true),
      maxWindowMs,
      ingestionDelayMs: positive('ingestionDelayMs', options.ingestionDelayMs, 2 * 60_000, true),
      retentionMs: HUNTING_RETENTION_MS,
    },
    callsPerMinute,
    rowCap: positive('rowCap', options.rowCap, HUNTING_ROW_LIMIT),
    minSplitMs: positive('minSplitMs', options.minSplitMs, 1_000),
    leaseMs: positive('leaseMs', options.leaseMs, 60_000),
    backoff: options.backoff ?? DEFAULT_HUNTING_BACKOFF,
    owner: options.owner ?? randomUUID(),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
  };
};

export type SettledHuntingOptions = ReturnType<typeof settleHuntingOptions>;
