/**
 * HTTP load with autocannon (closed loop: each connection sends its next request when the
 * previous one is answered), and the side-by-side comparison every ratio is made of:
 * subject and baseline alternately, twice each, same connections, same duration.
 */
import autocannon from 'autocannon';
import { mean, type Pair } from './figures';

export interface LoadRun {
  /** 2xx answers per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  method?: autocannon.Request['method'];
  headers?: Record<string, string>;
  body?: string;
  /** Builds each request's body and headers (a unique, signed body per request). */
  next?: () => { body: string; headers: Record<string, string> };
}

export const runLoad = async (options: LoadOptions): Promise<LoadRun> => {
  const { next } = options;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    // autocannon refuses an undefined duration: one of the two is given.
    ...(options.amount === undefined ? { duration: options.duration } : { amount: options.amount }),
    timeout: 10,
    method: options.method ?? 'POST',
    headers: options.headers,
    body: options.body,
    requests: next
      ? [{ method: options.method ?? 'POST', setupRequest: (request) => ({ ...request, ...next() }) }]
      : undefined,
  });
  return {
    rps: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats?.count ?? 0]),
    ),
  };
};

/** A run's failures as one line for the report, or undefined when every answer was 2xx. */
export const loadProblem = (label: string, run: LoadRun): string | undefined =>
  run.non2xx + run.errors + run.timeouts === 0
    ? undefined
    : `${label}: ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts of ${run.total} (status codes ${JSON.stringify(run.statusCodes)})`;

export interface Comparison {
  ours: LoadRun[];
  baseline: LoadRun[];
  pairs: Pair[];
  /** Mean of the pairs' ratios. */
  ratio: number;
  oursRps: number;
  baselineRps: number;
}

/**
 * Warms both up (a short untimed load each), then runs subject, baseline, subject,
 * baseline; each pair's ratio is ours / baseline. Failed requests are reported through
 * `problem`; they do not count as throughput.
 */
export const compareSideBySide = async (
  label: string,
  ours: (seconds: number) => Promise<LoadRun>,
  baseline: (seconds: number) => Promise<LoadRun>,
  { seconds, warmUpSeconds = 1, rounds = 2 }: { seconds: number; warmUpSeconds?: number; rounds?: number },
  problem: (line: string) => void,
): Promise<Comparison> => {
  await ours(warmUpSeconds);
  await baseline(warmUpSeconds);
  const result: Comparison = { ours: [], baseline: [], pairs: [], ratio: 0, oursRps: 0, baselineRps: 0 };
  for (let round = 0; round < rounds; round += 1) {
    const a = await ours(seconds);
    const b = await baseline(seconds);
    for (const [who, run] of [
      ['ours', a],
      ['baseline', b],
    ] as const) {
      const line = loadProblem(`${label}, ${who}, round ${round + 1}`, run);
      if (line) problem(line);
    }
    result.ours.push(a);
    result.baseline.push(b);
    result.pairs.push({ ours: a.rps, baseline: b.rps, ratio: a.rps / b.rps });
    console.log(
      `  ${label} round ${round + 1}: ours ${a.rps.toFixed(0)}/s (p99 ${a.p99Ms} ms), ` +
        `baseline ${b.rps.toFixed(0)}/s (p99 ${b.p99Ms} ms), ratio ${(a.rps / b.rps).toFixed(3)}`,
    );
  }
  result.ratio = mean(result.pairs.map((pair) => pair.ratio));
  result.oursRps = mean(result.ours.map((run) => run.rps));
  result.baselineRps = mean(result.baseline.map((run) => run.rps));
  return result;
};
