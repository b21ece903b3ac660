import { performance } from 'node:perf_hooks';

/**
 * Whether the HTTP intake is saturating the event loop right now: requests kept arriving
 * in the last interval and the loop was busy for most of it. The queue workers share
 * that loop; while it says busy they run fewer jobs at once (QueueWorkerOptions.pressure),
 * so a burst of webhooks is acknowledged first (Graph and SIEM senders time out and
 * retry a slow endpoint) and judged right after, from the durable queue.
 */
export interface IntakePressure {
  /** Called for each request the intake takes. */
  arrived(): void;
  busy(): boolean;
  stop(): void;
}

export interface IntakePressureOptions {
  /** How often the loop's utilisation is sampled. */
  intervalMs?: number;
  /** The share of an interval the loop was busy (0 to 1) from which it counts as saturated. */
  saturatedAt?: number;
  /**
   * The loop's utilisation since the previous call (0 to 1); Node's
   * `performance.eventLoopUtilization` by default. Tests give their own.
   */
  utilisation?: () => number;
}

const DEFAULT_INTERVAL_MS = 50;
const DEFAULT_SATURATED_AT = 0.9;

/** Node's event-loop utilisation since the previous call. */
const loopUtilisation = (): (() => number) => {
  let previous = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, previous);
    previous = now;
    return utilization;
  };
};

/**
 * Samples every `intervalMs`: busy for the next interval when at least one request
 * arrived in this one and the loop was busy `saturatedAt` of the time. A loop kept busy by
 * the workers alone (no requests) is not pressure, nor are requests on an idle loop.
 */
export const createIntakePressure = ({
  intervalMs = DEFAULT_INTERVAL_MS,
  saturatedAt = DEFAULT_SATURATED_AT,
  utilisation = loopUtilisation(),
}: IntakePressureOptions = {}): IntakePressure => {
  let arrivals = 0;
  let busy = false;
  const timer = setInterval(() => {
    busy = utilisation() >= saturatedAt && arrivals > 0;
    arrivals = 0;
  }, intervalMs);
  timer.unref();
  return {
    arrived() {
      arrivals += 1;
    },
    busy: () => busy,
    stop() {
      clearInterval(timer);
      busy = false;
    },
  };
};
