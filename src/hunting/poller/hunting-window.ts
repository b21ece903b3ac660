import type { WindowMs } from './hunting-query';

/** How windows are cut; see HuntingPollerOptions for each. */
export interface WindowSettings {
  overlapMs: number;
  maxWindowMs: number;
  ingestionDelayMs: number;
  /** How far back advanced hunting keeps data: 30 days. */
  retentionMs: number;
}

/** The next window of a query, and whether it reaches the present. */
export interface NextWindow {
  window: WindowMs;
  /** True when the window ends at now - ingestion delay; false when maxWindowMs cut it (catch-up). */
  caughtUp: boolean;
  /** Set when the watermark is older than the data kept: rows in this range can no longer be had. */
  lost?: WindowMs;
}

/** Advanced hunting's data range: "queries explore and return data from the past 30 days". */
export const HUNTING_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** Less new time than this is not worth a call: the next run picks it up. */
const MIN_NEW_MS = 1_000;

/**
 * The window to query after `watermarkMs` (the end of the last window handled; undefined on
 * the first run): from the watermark less the overlap (rows that arrive late), to now less
 * the ingestion delay, at most `maxWindowMs` past the watermark, so a poller that was down
 * catches up in steps and each step advances the watermark. The first run looks back
 * `maxWindowMs`. Nothing older than the retention is asked for. Undefined when caught up.
 */
export const nextWindow = (
  watermarkMs: number | undefined,
  nowMs: number,
  settings: WindowSettings,
): NextWindow | undefined => {
  const endMs = nowMs - settings.ingestionDelayMs;
  const earliestMs = nowMs - settings.retentionMs;
  const startMs = Math.max(watermarkMs ?? endMs - settings.maxWindowMs, earliestMs);
  if (endMs - startMs < MIN_NEW_MS) return undefined;
  const fromMs = Math.max(watermarkMs === undefined ? startMs : startMs - settings.overlapMs, earliestMs);
  const toMs = Math.min(endMs, startMs + settings.maxWindowMs);
  const lost =
    watermarkMs !== undefined && watermarkMs < earliestMs
      ? { fromMs: watermarkMs, toMs: earliestMs }
      : undefined;
  return { window: { fromMs, toMs }, caughtUp: toMs === endMs, ...(lost ? { lost } : {}) };
};

/** Whether a window is long enough to halve without going under `minWindowMs`. */
export const canSplit = (window: WindowMs, minWindowMs: number): boolean =>
  window.toMs - window.fromMs >= 2 * minWindowMs;

/** The two halves of a window, earlier first; together they cover it exactly, with no row in both. */
export const splitWindow = (window: WindowMs): [WindowMs, WindowMs] => {
  const midMs = window.fromMs + Math.floor((window.toMs - window.fromMs) / 2);
  return [
    { fromMs: window.fromMs, toMs: midMs },
    { fromMs: midMs, toMs: window.toMs },
  ];
};
