import { HelpdeskGuardError } from '../../errors';
import type { GraphClient } from '../../graph/create-graph-client';
import { isGraphError } from '../../graph/graph-error';
import type { HuntingColumn, HuntingQueryResults } from '../../graph/hunting-calls';
import type { Logger } from '../../log/logger';
import { huntingWindow, type HuntingQuery, type WindowMs, windowedQuery } from './hunting-query';
import { canSplit, splitWindow } from './hunting-window';

/** What polling one window needs. */
export interface PollWindowDeps {
  graph: Pick<GraphClient, 'runHuntingQuery'>;
  log: Logger;
  /** Waits for a call slot; false when the poller is stopping. */
  takeCall: () => Promise<boolean>;
  /** False once the lease is lost or the poller stops: no further call. */
  mayGoOn: () => boolean;
  /** An answer with this many rows may have been cut short by Graph. */
  rowCap: number;
  minSplitMs: number;
  /** Saves the watermark after a window is handled; never moves it back. */
  advance: (toMs: number) => Promise<void>;
}

/** Rows handed to `handle`, and whether every part of the window was handled. */
export interface PollWindowResult {
  rows: number;
  complete: boolean;
}

/** Graph's 400 when an answer is too big in bytes (advanced-hunting-errors: "Result size limit exceeded"). */
const isResultTooLarge = (err: unknown): boolean =>
  isGraphError(err, 400) && /result size|exceeded the allowed result/i.test(err.message);

const iso = (ms: number): string => new Date(ms).toISOString();

/** The declared columns (and the timestamp column) missing from an answer's schema. */
export const missingColumns = (query: HuntingQuery, schema: readonly HuntingColumn[]): string[] => {
  const present = new Set(schema.map((column) => column.name));
  return [...new Set([...query.columns, query.timestampColumn])].filter((name) => !present.has(name));
};

const checkColumns = (query: HuntingQuery, answer: HuntingQueryResults): void => {
  // Kusto sends the schema with an empty answer too; an empty schema with no rows is not a mismatch.
  if (answer.schema.length === 0 && answer.results.length === 0) return;
  const missing = missingColumns(query, answer.schema);
  if (missing.length > 0) {
    throw new HelpdeskGuardError(
      'hunting_failed',
      `hunting query ${query.name}: the answer has no column ${missing.join(', ')}; ` +
        `project ${missing.length === 1 ? 'it' : 'them'} in the query, or drop ${missing.length === 1 ? 'it' : 'them'} from its columns`,
    );
  }
};

const tooManyRows = (query: HuntingQuery, window: WindowMs, rowCap: number): HelpdeskGuardError =>
  new HelpdeskGuardError(
    'hunting_failed',
    `hunting query ${query.name}: ${iso(window.fromMs)} to ${iso(window.toMs)} alone has ${rowCap} rows or more ` +
      '(Graph returns at most that many); narrow the query (filter, summarize, project) so no rows are cut off',
  );

/**
 * Queries one window and hands its rows to `handle`. When an answer reaches the row cap
 * (Graph cuts answers at 100,000 rows without saying so) or is too big in bytes, the window
 * is halved and each half queried, recursively down to `minSplitMs`, so no row is lost;
 * halves are handled earliest first and the watermark follows each, so an interrupted split
 * resumes where it stopped. A window that still overflows at the minimum is an error.
 */
export const pollWindow = async (
  deps: PollWindowDeps,
  query: HuntingQuery,
  window: WindowMs,
): Promise<PollWindowResult> => {
  const pending: WindowMs[] = [window];
  let rows = 0;
  while (pending.length > 0) {
    if (!deps.mayGoOn() || !(await deps.takeCall())) return { rows, complete: false };
    const current = pending.shift()!;
    let answer: HuntingQueryResults | 'split';
    try {
      answer = await deps.graph.runHuntingQuery(windowedQuery(query.kql, current));
      if (answer.results.length >= deps.rowCap) {
        if (!canSplit(current, deps.minSplitMs)) throw tooManyRows(query, current, deps.rowCap);
        answer = 'split';
      }
    } catch (err) {
      if (!isResultTooLarge(err) || !canSplit(current, deps.minSplitMs)) throw err;
      answer = 'split';
    }
    if (answer === 'split') {
      deps.log.info(
        { hunting: { query: query.name, from: iso(current.fromMs), to: iso(current.toMs) } },
        `hunting: query ${query.name} hit the answer limit; the window is split in halves`,
      );
      pending.unshift(...splitWindow(current));
      continue;
    }
    checkColumns(query, answer);
    await query.handle(answer.results, huntingWindow(current));
    await deps.advance(current.toMs);
    rows += answer.results.length;
  }
  return { rows, complete: true };
};
