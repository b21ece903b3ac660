import { fencedRead, fencedWriter } from '../../store/fenced';
import type { FencedStore, KeyValueStore } from '../../store/ports';

/** What the poller remembers of one query besides its watermark; shared by every replica. */
export interface QueryStatus {
  lastSuccessAt?: string;
  /** Rows handed to `handle` by the last successful run (every window of it). */
  rowsLastRun?: number;
  consecutiveErrors: number;
  /** The last failure's message: no token, no URL credentials (GraphError messages hold neither). */
  lastError?: string;
  lastErrorAt?: string;
  /** Not before this (backoff, or Graph's quota wait). */
  nextAttemptAt?: string;
}

/** One query's health, for /readyz and /metrics. */
export interface HuntingQueryHealth extends QueryStatus {
  name: string;
  /** The end of the last window handled; undefined before the first success. */
  watermark?: string;
  /** now - watermark, in ms: how far behind the alerts from this query are. */
  lagMs?: number;
}

/** The poller's health: per query, and whether this replica is the one polling. */
export interface HuntingPollerHealth {
  leader: boolean;
  /** Set while every query waits for the tenant's hunting quota (a 429). */
  pausedUntil?: string;
  queries: HuntingQueryHealth[];
}

const watermarkKey = (name: string): string => `hunting:watermark:${name}`;
const statusKey = (name: string): string => `hunting:status:${name}`;

/**
 * Watermarks and statuses, shared so a replica that takes over carries on. Only the lease
 * holder writes them, fenced by its lease token (`token`); any replica reads them (health).
 * `kv` holds what versions before fencing wrote, read until the first fenced write.
 */
export const huntingState = (fenced: FencedStore, kv: KeyValueStore, token: () => number | undefined) => {
  const write = fencedWriter(fenced, token, 'hunting state');
  return {
    async watermark(name: string): Promise<number | undefined> {
      const iso = await fencedRead<string>(fenced, kv, watermarkKey(name));
      const ms = iso === undefined ? Number.NaN : Date.parse(iso);
      return Number.isNaN(ms) ? undefined : ms;
    },
    saveWatermark: (name: string, ms: number): Promise<void> =>
      write(watermarkKey(name), new Date(ms).toISOString()),
    async status(name: string): Promise<QueryStatus> {
      return (await fencedRead<QueryStatus>(fenced, kv, statusKey(name))) ?? { consecutiveErrors: 0 };
    },
    saveStatus: (name: string, status: QueryStatus): Promise<void> => write(statusKey(name), status),
  };
};

export type HuntingState = ReturnType<typeof huntingState>;

/** One query's health from the shared store, as any replica sees it. */
export const readQueryHealth = async (
  state: HuntingState,
  name: string,
  nowMs: number,
): Promise<HuntingQueryHealth> => {
  const [watermark, status] = await Promise.all([state.watermark(name), state.status(name)]);
  return {
    name,
    ...status,
    ...(watermark === undefined
      ? {}
      : { watermark: new Date(watermark).toISOString(), lagMs: Math.max(0, nowMs - watermark) }),
  };
};
