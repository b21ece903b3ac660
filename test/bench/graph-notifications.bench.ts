/**
 * Issue 19's figures for Graph change notifications, with the real bot on a private Redis:
 * a tenant-wide `/chats` subscription delivering 500 basic `created` notifications per
 * second for 30 s (15,000 chats, one notification per POST, 95 % internal chats), then:
 * - acks: each POST's time to its 202, measured by the load generator; p99 <= 50 ms;
 * - nothing lost: every POST answered 202, every chat's members read by the worker, and
 *   each of the 750 external chats' home member warned exactly once (a card at the
 *   connector), at TENANT_SEND_RATE=50 (set explicitly: Teams' per-tenant pace, so the
 *   warnings take about 15 s and the bench waits for them, up to DRAIN_MS); no internal
 *   chat (some with the real, internal "Contoso IT Service Desk") taken for a first contact;
 * - Graph: member reads in flight never above GRAPH_LOOKUP_CONCURRENCY=8, counted by the
 *   stand-in; for 4 s from 10 s after the first read every other read is answered 429 with
 *   `Retry-After: 1`, and no throttled chat may be asked for again sooner than that (to
 *   Node's 1 ms timer resolution). The bot's reads sleep through Retry-After holding their
 *   slot, so only about 8 reads per second are made, and throttled, in that window; the
 *   backlog it leaves must drain with the rest.
 * Processes: the bot (this one), the Graph stand-in (support/graph-stand-in.ts: FakeGraph's
 * subscription contract, and the chats' members after MEMBER_LATENCY_MS), the load generator
 * (support/graph-load.ts) and the Bot Connector stand-in (support/peer-process.ts) each run
 * apart, so none shares the bot's event loop; the CPU of each (and of Redis) and the bot's
 * event-loop delay over the load are printed. Needs redis-server on PATH.
 * BENCH_GRAPH_PER_REQUEST=5 posts the same notifications in batches of 5 (Graph batches
 * some deliveries); the result names say which shape was measured.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { startBot, type RunningBot } from '../../bot/index';
import { DEFAULT_PROFILE } from '../../src/config/helpdesk-profile';
import { loadConfig } from '../../src/config/load-config';
import type { EventInput } from '../../src/events/schema';
import { createLogger } from '../../src/log/logger';
import { freePort } from '../setup/global-setup';
import { DUMMY_HOME_TENANT } from '../support/activities';
import { DUMMY_GRAPH_TOKEN } from '../support/fake-graph';
import type { BenchResult } from './run';
import { EXTERNAL_EVERY } from './support/graph-bench-chats';
import { graphMetrics, machineBusy, machineCpu, machineLoad, redisCpuMs } from './support/graph-figures';
import type { LoadResult } from './support/graph-load';
import {
  startGraphStandIn,
  startNotificationLoad,
  type GraphStandIn,
  type NotificationLoad,
} from './support/graph-peers';
import {
  graphBenchResults,
  printFigures,
  type GraphBenchShape,
  type LoadCost,
} from './support/graph-results';
import { cardsPerUser, seedWarnedUsers } from './support/graph-warned-users';
import { withPrivateRedis } from './support/private-redis';
import { startRemotePeer } from './support/remote-peer';

const RUN = 19;
const RATE = 500;
const SECONDS = 30;
const CHATS = RATE * SECONDS;
const EXTERNALS = Math.ceil(CHATS / EXTERNAL_EVERY);
const PER_REQUEST = Number(process.env.BENCH_GRAPH_PER_REQUEST ?? '1');
const ACK_TARGET_MS = 50;
const CONCURRENCY = 8;
const SEND_RATE = 50;
/** What a member read costs at the stand-in: lookups then overlap, so the bound is exercised. */
const MEMBER_LATENCY_MS = 10;
const THROTTLE = { afterMs: 10_000, forMs: 4_000, every: 2, retryAfterS: 1 };
/**
 * After the last POST: the paced warnings (~15 s), plus a notification whose reads stayed
 * throttled through the client's attempts, redelivered once its claim idles out (30 s).
 */
const DRAIN_MS = 180_000;
/** Held after everything arrived, so a late duplicate card would still be seen. */
const SETTLE_MS = 3_000;
const CLIENT_STATE = 'bench-client-state-3b9f6c1d8e2a4f70';
const SHAPE: GraphBenchShape = {
  run: RUN,
  rate: RATE,
  seconds: SECONDS,
  chats: CHATS,
  externals: EXTERNALS,
  perRequest: PER_REQUEST,
  ackTargetMs: ACK_TARGET_MS,
  concurrency: CONCURRENCY,
  retryAfterS: THROTTLE.retryAfterS,
};

/** Polls until `done` or `timeoutMs`; resolves with whether it was done. */
const pollUntil = async (done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return done();
};

/** The ID of the `/chats` subscription the bot created at the stand-in (with the members one). */
const waitForSubscription = async (graph: GraphStandIn): Promise<string> => {
  let id: string | undefined;
  const ok = await pollUntil(async () => {
    const list = await graph.subscriptions();
    id = list.find((s) => s.resource.split('?')[0] === '/chats')?.id;
    return id !== undefined && list.length === 2;
  }, 30_000);
  if (!ok || !id) throw new Error('the bot did not create its two Graph subscriptions within 30 s');
  return id;
};

/** The real bot as `npm start` builds it, Graph notifications on, logging at info into nothing. */
const startGraphBot = async (redisUrl: string, graphUrl: string, events: EventInput[]) => {
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    HOME_TENANT_ID: DUMMY_HOME_TENANT,
    REDIS_URL: redisUrl,
    GRAPH_ENDPOINT: graphUrl,
    GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}`,
    GRAPH_CLIENT_STATE: CLIENT_STATE,
    GRAPH_LOOKUP_CONCURRENCY: String(CONCURRENCY),
    TENANT_SEND_RATE: String(SEND_RATE),
    // Graph's stand-in is one address: the bench measures the bot, not its flood guard.
    INBOUND_RATE_LIMIT_PER_SECOND: '0',
  });
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  return startBot({
    config,
    profile: DEFAULT_PROFILE,
    log: createLogger({ level: 'info', destination: discard }),
    events: { emit: async (input) => void events.push(input) },
    host: '127.0.0.1',
    graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
  });
};

/** Posts the load, measuring what it costs each process; resolves once the generator has every answer. */
const postLoad = async (
  bot: RunningBot,
  redisUrl: string,
  graph: GraphStandIn,
  generator: NotificationLoad,
  subscriptionId: string,
): Promise<{ posted: LoadResult; cost: LoadCost }> => {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const [redisBefore, graphBefore] = [await redisCpuMs(redisUrl), (await graph.stats()).cpuMs];
  const cpu = process.cpuUsage();
  const { involuntaryContextSwitches: preemptedBefore } = process.resourceUsage();
  const machineBefore = machineCpu();
  const t0 = Date.now();
  loop.enable();
  const posted = await generator.post({
    url: `http://127.0.0.1:${bot.port}/api/graph/notifications`,
    run: RUN,
    chats: CHATS,
    perRequest: PER_REQUEST,
    rate: RATE,
    subscriptionId,
    clientState: CLIENT_STATE,
  });
  loop.disable();
  const machine = machineBusy(machineBefore, machineCpu());
  const used = process.cpuUsage(cpu);
  const wallMs = Date.now() - t0;
  return {
    posted,
    cost: {
      wallMs,
      botCpuMs: (used.user + used.system) / 1000,
      redisCpuMs: (await redisCpuMs(redisUrl)) - redisBefore,
      graphCpuMs: (await graph.stats()).cpuMs - graphBefore,
      botPreempted: process.resourceUsage().involuntaryContextSwitches - preemptedBefore,
      machine,
      loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    },
  };
};

const measure = async (redisUrl: string): Promise<BenchResult[]> => {
  const connector = await startRemotePeer();
  const graph = await startGraphStandIn({
    run: RUN,
    chats: CHATS,
    token: DUMMY_GRAPH_TOKEN,
    tenantId: DUMMY_HOME_TENANT,
    memberLatencyMs: MEMBER_LATENCY_MS,
    throttle: THROTTLE,
  });
  const generator = await startNotificationLoad();
  const events: EventInput[] = [];
  const bot = await startGraphBot(redisUrl, graph.url, events);
  try {
    const subscriptionId = await waitForSubscription(graph);
    await seedWarnedUsers(bot, connector.serviceUrl, RUN, EXTERNALS);
    const { posted, cost } = await postLoad(bot, redisUrl, graph, generator, subscriptionId);
    const answeredAt = Date.now();
    const drained = await pollUntil(
      async () =>
        (await graph.stats()).chatsRead >= CHATS && (await cardsPerUser(connector, RUN)).size >= EXTERNALS,
      DRAIN_MS,
    );
    const drainedS = (Date.now() - answeredAt) / 1000;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const measured = {
      posted,
      cost,
      stats: await graph.stats(),
      cards: await cardsPerUser(connector, RUN),
      events,
    };
    printFigures(SHAPE, measured);
    console.log(
      `[graph] ${drained ? 'all chats read and users warned' : 'NOT all chats read and users warned by'} ` +
        `${drainedS.toFixed(1)} s after the last POST's answer ` +
        `(${events.filter((e) => e.EventType === 'WarningDelivered').length} WarningDelivered); ` +
        `bot counters: ${await graphMetrics(`http://127.0.0.1:${bot.port}`)}`,
    );
    return graphBenchResults(SHAPE, measured);
  } finally {
    await bot.stop();
    await Promise.all([connector.stop(), graph.stop(), generator.stop()]);
  }
};

export async function run(): Promise<BenchResult[]> {
  console.log(`[graph] at start: ${machineLoad()}`);
  return withPrivateRedis(measure);
}
