/** What the Graph notifications bench prints and judges, from what its processes measured. */
import type { EventInput } from '../../../src/events/schema';
import type { BenchResult } from '../run';
import { EXTERNAL_EVERY, benchChat } from './graph-bench-chats';
import { coreShare, machineLoad, percentile, slowestSeconds } from './graph-figures';
import type { LoadResult } from './graph-load';
import type { StandInStats } from './graph-stand-in';

/** The load's shape, and the targets. */
export interface GraphBenchShape {
  run: number;
  rate: number;
  seconds: number;
  chats: number;
  externals: number;
  perRequest: number;
  ackTargetMs: number;
  concurrency: number;
  retryAfterS: number;
}

/** What the load cost each process (CPU in ms) and the bot's event-loop delay (ms). */
export interface LoadCost {
  wallMs: number;
  botCpuMs: number;
  redisCpuMs: number;
  graphCpuMs: number;
  /** Times the kernel took the CPU from the bot process while it could run. */
  botPreempted: number;
  /** machineBusy() over the load. */
  machine: string;
  loop: { p50: number; p99: number; max: number };
}

export interface Measured {
  posted: LoadResult;
  cost: LoadCost;
  stats: StandInStats;
  /** Accepted cards per warned bench user. */
  cards: Map<number, number>;
  events: EventInput[];
}

const ms = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));

const acksOf = (posted: LoadResult): number[] =>
  posted.latenciesMs.filter((latency): latency is number => latency !== null);

export const printFigures = (shape: GraphBenchShape, { posted, cost, stats, cards }: Measured): void => {
  const acks = acksOf(posted);
  const failures = posted.failures.length > 0 ? ` (first: ${posted.failures[0]})` : '';
  console.log(
    `[graph] ${shape.chats} notifications, ${shape.perRequest} per POST, ${shape.rate}/s: sent over ` +
      `${ms(posted.sendSpanMs)} ms (generator lag max ${ms(posted.maxSendLagMs)} ms); ${acks.length} POSTs ` +
      `answered 202, ${posted.failures.length} not${failures}; ack p50 ${ms(percentile(acks, 50))} ` +
      `p99 ${ms(percentile(acks, 99))} p99.9 ${ms(percentile(acks, 99.9))} max ${ms(Math.max(...acks))} ms; ` +
      `slowest seconds: ${slowestSeconds(posted.latenciesMs, posted.sentAtMs, 4, shape.ackTargetMs)}`,
  );
  const { wallMs, loop } = cost;
  console.log(
    `[graph] over the load: bot event-loop delay p50 ${ms(loop.p50)} p99 ${ms(loop.p99)} max ${ms(loop.max)} ms; ` +
      `CPU (share of one core): bot ${coreShare(cost.botCpuMs, wallMs)} ` +
      `(${(cost.botCpuMs / shape.chats).toFixed(3)} ms per notification), redis-server ` +
      `${coreShare(cost.redisCpuMs, wallMs)}, Graph stand-in ${coreShare(cost.graphCpuMs, wallMs)}, ` +
      `load generator ${coreShare(posted.cpuMs, wallMs)}; ${cost.machine}, the bot preempted ` +
      `${cost.botPreempted} times; ${machineLoad()}`,
  );
  const warnedTwice = [...cards.values()].filter((count) => count > 1).length;
  const [from, to] = stats.throttleWindowMs.map((at) => at / 1000);
  console.log(
    `[graph] Graph stand-in: ${stats.memberReads} member reads, ${stats.chatsRead} of ${shape.chats} chats read ` +
      `(the last new one ${ms(stats.lastNewChatAtMs === null ? null : stats.lastNewChatAtMs / 1000)} s after ` +
      `the first read), max ${stats.maxInFlight} in flight; ${stats.throttled} answered 429 from ${from} to ${to} s, ` +
      `${stats.retriedAfter429} throttled chats asked again, shortest wait ${ms(stats.minRetryWaitMs)} ms; ` +
      `other answers ${JSON.stringify(stats.unexpected)}; ${cards.size} of ${shape.externals} external chats' ` +
      `users warned, ${warnedTwice} more than once`,
  );
};

/** Internal chats that nonetheless got a FirstContactDetected event. */
const internalFlagged = (shape: GraphBenchShape, events: EventInput[]): number => {
  const external = new Set(
    Array.from({ length: shape.externals }, (_, k) => benchChat(shape.run, k * EXTERNAL_EVERY).chatId),
  );
  return new Set(
    events
      .filter((e) => e.EventType === 'FirstContactDetected' && !external.has(e.ChatThreadId ?? ''))
      .map((e) => e.ChatThreadId),
  ).size;
};

export const graphBenchResults = (
  shape: GraphBenchShape,
  { posted, stats, cards, events }: Measured,
): BenchResult[] => {
  const acks = acksOf(posted);
  const unacked = shape.chats - Math.min(shape.chats, acks.length * shape.perRequest);
  const unread = shape.chats - stats.chatsRead;
  const unwarned = shape.externals - cards.size;
  return [
    {
      name: `ack p99, ${shape.rate} notifications/s for ${shape.seconds} s (${shape.perRequest} per POST)`,
      value: percentile(acks, 99),
      unit: 'ms',
      target: shape.ackTargetMs,
      compare: '<=',
    },
    {
      name: `lost notifications (${unacked} not acked 202, ${unread} chats never read, ${unwarned} external chats not warned)`,
      value: unacked + unread + unwarned,
      unit: 'notifications',
      target: 0,
      compare: '<=',
    },
    {
      name: 'users warned more than once',
      value: [...cards.values()].filter((count) => count > 1).length,
      unit: 'users',
      target: 0,
      compare: '<=',
    },
    {
      name: 'internal chats taken for a first contact',
      value: internalFlagged(shape, events),
      unit: 'chats',
      target: 0,
      compare: '<=',
    },
    {
      name: `max Graph member reads in flight (GRAPH_LOOKUP_CONCURRENCY=${shape.concurrency})`,
      value: stats.maxInFlight,
      unit: 'reads',
      target: shape.concurrency,
      compare: '<=',
    },
    {
      name: `member reads answered 429 (Retry-After: ${shape.retryAfterS}; every external chat still warned)`,
      value: stats.throttled,
      unit: 'answers',
      target: 1,
      compare: '>=',
    },
    {
      // Node's timers run on a 1 ms clock: a sleep of 1000 ms may end after 999.x ms.
      name: `shortest wait before asking again for a throttled chat (Retry-After ${shape.retryAfterS * 1000} ms, less Node's 1 ms timer resolution)`,
      value: stats.minRetryWaitMs ?? Number.NaN,
      unit: 'ms',
      target: shape.retryAfterS * 1000 - 1,
      compare: '>=',
    },
  ];
};
