/** A half-open time window [from, to): a row at `to` belongs to the next window. */
export interface HuntingWindow {
  from: Date;
  to: Date;
}

/**
 * One advanced hunting query the poller runs on a schedule. The poller prepends
 * `let hgFrom = datetime(...); let hgTo = datetime(...);`, so the query must filter on them,
 * e.g. `CloudAppEvents | where Timestamp between (hgFrom .. hgTo) | where ActionType == "ChatCreated"`.
 */
export interface HuntingQuery {
  /** Unique; names the watermark (`hunting:watermark:<name>`) and the health entry. Letters, digits, `-`, `_`. */
  name: string;
  /** The KQL, filtering `timestampColumn` on `hgFrom .. hgTo`. */
  kql: string;
  /** The columns `handle` reads; an answer without one of them is an error, not an empty field. */
  columns: readonly string[];
  /** The column the query's window filters on (`Timestamp` in the Defender tables); must be in the answer. */
  timestampColumn: string;
  /**
   * Handles the rows of one window. Must be idempotent: windows overlap (late rows) and a
   * window is queried again after a failure, so a row can come twice. The watermark moves
   * only once this resolves; a rejection keeps it and the window is retried after a backoff.
   */
  handle(rows: Record<string, unknown>[], window: HuntingWindow): Promise<void>;
}

/** A window in ms since the epoch, half-open: [fromMs, toMs). */
export interface WindowMs {
  fromMs: number;
  toMs: number;
}

/**
 * A KQL datetime literal with Kusto's 100 ns ticks: `datetime(2026-11-27T22:00:00.0000000Z)`.
 * `tickBefore` gives the last tick before `ms`, which makes KQL's inclusive `between` half-open.
 */
export const kqlDateTime = (ms: number, tickBefore = false): string =>
  `datetime(${new Date(tickBefore ? ms - 1 : ms).toISOString().replace('Z', tickBefore ? '9999Z' : '0000Z')})`;

/**
 * The text sent to Graph: the window as two `let` statements, then the query. `hgTo` is the
 * last tick before the window's end, so `between (hgFrom .. hgTo)` (inclusive at both ends)
 * never gives a row to two adjacent windows, e.g. the two halves of a split.
 */
export const windowedQuery = (kql: string, window: WindowMs): string =>
  `let hgFrom = ${kqlDateTime(window.fromMs)};\nlet hgTo = ${kqlDateTime(window.toMs, true)};\n${kql}`;

/** The window as handed to `handle`. */
export const huntingWindow = (window: WindowMs): HuntingWindow => ({
  from: new Date(window.fromMs),
  to: new Date(window.toMs),
});
