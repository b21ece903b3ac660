/**
 * What the bench runs against, started when a part first asks for it and stopped at the
 * end: a private redis-server, the Bot Connector and Graph stand-ins, the bot under test
 * and the baselines, each in a process of its own. The bot's memory is sampled from
 * /proc/<pid>/status (VmRSS, and VmHWM, the kernel's own peak) and its heap over IPC.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT } from '../../support/activities';
import { startPrivateRedis, type PrivateRedis } from '../../support/redis-server';
import { BENCH_GRAPH_TOKEN, botEnv } from './bench-env';
import type { BotReply, BotRequest, SeedRequest } from './bot-entry';
import { BOT_ENTRY_BUNDLE } from './build';
import { forkBenchChild, type BenchChild } from './child';
import type { ConnectorReply, ConnectorStats } from './connector-stand-in';
import type { StandInReply } from './graph-stand-in';

/**
 * The Node flags `npm start` runs the bot with (package.json), so the bot under test has
 * the heap budget production has: V8 otherwise sizes its heap from the machine's memory.
 */
const BOT_NODE_FLAGS = (() => {
  const start = (
    JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;
  const heap = /--max-old-space-size=\$\{HEAP_LIMIT_MB:-(\d+)\}/.exec(start);
  if (!heap)
    throw new Error(`package.json's start script has no --max-old-space-size=\${HEAP_LIMIT_MB:-N}: ${start}`);
  return [`--max-old-space-size=${heap[1]}`];
})();

/** Chats the Graph stand-in knows (graph-bench-chats.ts); the notification load cycles through them. */
export const GRAPH_RUN = 27;
export const GRAPH_CHATS = 40_000;

export interface Connector {
  serviceUrl: string;
  stats(): Promise<ConnectorStats>;
  /** Per bench user index of `run`, the arrival time of each send to them. */
  arrivals(run: number): Promise<Map<number, number[]>>;
}

export interface BotUnderTest {
  name: string;
  url: string;
  pid: number;
  seed(request: Omit<SeedRequest, 'type'>): Promise<void>;
  /** Peak resident set (VmHWM) and peak heap used, in MB, so far. */
  peak(): { rssMb: number; heapMb: number };
  /** Error and fatal log lines so far: each is a defect the report names. */
  errorLines(): string[];
  /** Warn log lines so far: how many, and the first few. */
  warnLines(): { count: number; first: string[] };
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const readStatusKb = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
};

/** A plain client of the bench's own server, for XLEN only: the bot's stores are the bot's. */
const openCountingClient = async (url: string) => {
  const client = createClient({ url });
  await client.connect();
  return client;
};

export class Rig {
  readonly problems: string[] = [];
  private redisServer?: Promise<PrivateRedis>;
  private redisClient?: ReturnType<typeof openCountingClient>;
  private connectorChild?: Promise<BenchChild<Extract<ConnectorReply, { type: 'ready' }>>>;
  private graphChild?: Promise<BenchChild<Extract<StandInReply, { type: 'ready' }>>>;
  /** Every bot under test started by freshBot(), in order: their peaks are the run's. */
  readonly mainBots: BotUnderTest[] = [];
  private baselineChild?: Promise<BenchChild<{ type: 'ready'; port: number }>>;
  /** Every bot process started, for their error lines at the end. */
  readonly bots: BotUnderTest[] = [];

  problem(line: string): void {
    this.problems.push(line);
    console.log(`  PROBLEM: ${line}`);
  }

  redis(): Promise<PrivateRedis> {
    this.redisServer ??= startPrivateRedis();
    return this.redisServer;
  }

  connector(): Promise<Connector> {
    this.connectorChild ??= forkBenchChild('connector-stand-in.ts');
    return this.connectorChild.then((child) => ({
      serviceUrl: child.ready.serviceUrl,
      stats: async () =>
        (await child.ask<Extract<ConnectorReply, { type: 'stats' }>>({ type: 'stats' }, 'stats')).stats,
      arrivals: async (run) =>
        new Map(
          (
            await child.ask<Extract<ConnectorReply, { type: 'arrivals' }>>(
              { type: 'arrivals', run },
              'arrivals',
            )
          ).arrivals,
        ),
    }));
  }

  private graph() {
    this.graphChild ??= forkBenchChild<Extract<StandInReply, { type: 'ready' }>>('graph-stand-in.ts', {
      args: [
        JSON.stringify({
          run: GRAPH_RUN,
          chats: GRAPH_CHATS,
          token: BENCH_GRAPH_TOKEN,
          tenantId: DUMMY_HOME_TENANT,
          memberLatencyMs: 0,
          // Never throttles: the bench measures the bot's ack, not its handling of 429.
          throttle: { afterMs: 1e12, forMs: 0, every: 1, retryAfterS: 1 },
        }),
      ],
    });
    return this.graphChild;
  }

  /** The `/chats` subscription `bot` created at the Graph stand-in. */
  async graphSubscriptionId(bot: BotUnderTest): Promise<string> {
    const graph = await this.graph();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { subscriptions } = await graph.ask<Extract<StandInReply, { type: 'subscriptions' }>>(
        { type: 'subscriptions' },
        'subscriptions',
      );
      const id = subscriptions.find(
        (s) => s.resource.split('?')[0] === '/chats' && s.notificationUrl.startsWith(`${bot.url}/`),
      )?.id;
      if (id) return id;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the bot did not create its /chats subscription at the Graph stand-in within 30 s');
  }

  /**
   * A fresh bot under test (Redis, the webhook and Graph notifications on) on an empty
   * Redis: the one before is stopped first and the bench's redis-server flushed, so no
   * part inherits the queues another left behind.
   */
  async freshBot(): Promise<BotUnderTest> {
    const previous = this.mainBots.at(-1);
    if (previous) await previous.stop();
    await (await this.countingClient()).flushAll();
    const bot = await this.startBot(`bench-main-${this.mainBots.length + 1}`, {
      redis: true,
      graphUrl: (await this.graph()).ready.url,
    });
    this.mainBots.push(bot);
    return bot;
  }

  /** The fresh bot of the part running now (or of the last part). */
  currentBot(): BotUnderTest | undefined {
    return this.mainBots.at(-1);
  }

  /** Another bot process (memory stores, or a replica to kill) on the same Redis. */
  async startBot(name: string, options: { redis: boolean; graphUrl?: string }): Promise<BotUnderTest> {
    const port = await freePort();
    const errors: string[] = [];
    let warns = 0;
    const firstWarns: string[] = [];
    let partial = '';
    const child = await forkBenchChild<Extract<BotReply, { type: 'ready' }>>(BOT_ENTRY_BUNDLE, {
      nodeFlags: BOT_NODE_FLAGS,
      env: botEnv({
        port,
        replicaId: name,
        redisUrl: options.redis ? (await this.redis()).url : undefined,
        graphUrl: options.graphUrl,
      }),
      onOutput: (text) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const level = /"level":(\d+)/.exec(line)?.[1];
          if (level === '40') {
            warns += 1;
            if (firstWarns.length < 3) firstWarns.push(line.slice(0, 300));
          } else if (level === '50' || level === '60') errors.push(line.slice(0, 400));
        }
      },
    });
    let heapMb = 0;
    let rssMb = 0;
    const sampleRss = () => {
      try {
        rssMb = Math.max(
          rssMb,
          readStatusKb(child.pid, 'VmHWM') / 1024,
          readStatusKb(child.pid, 'VmRSS') / 1024,
        );
      } catch (err) {
        // The process has just exited (a kill): its last reading stands.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    };
    const rssTimer = setInterval(sampleRss, 250);
    const heapTimer = setInterval(() => {
      child
        .ask<Extract<BotReply, { type: 'memory' }>>({ type: 'memory' } satisfies BotRequest, 'memory')
        .then(
          ({ memory }) => (heapMb = Math.max(heapMb, memory.heapUsed / 1024 / 1024)),
          // Killed between two readings: nothing more to read.
          () => clearInterval(heapTimer),
        );
    }, 1_000);
    const halt = () => {
      sampleRss();
      clearInterval(rssTimer);
      clearInterval(heapTimer);
    };
    const bot: BotUnderTest = {
      name,
      url: `http://127.0.0.1:${child.ready.port}`,
      pid: child.pid,
      seed: async (request) => {
        await child.ask({ ...request, type: 'seed' } satisfies BotRequest, 'seeded');
      },
      peak: () => {
        sampleRss();
        return { rssMb, heapMb };
      },
      errorLines: () => [...errors],
      warnLines: () => ({ count: warns, first: [...firstWarns] }),
      kill: async () => {
        halt();
        await child.kill('SIGKILL');
      },
      stop: async () => {
        halt();
        await child.stop();
      },
    };
    this.bots.push(bot);
    return bot;
  }

  async baselineUrl(): Promise<string> {
    this.baselineChild ??= forkBenchChild('baseline-servers.ts');
    return `http://127.0.0.1:${(await this.baselineChild).ready.port}`;
  }

  private countingClient() {
    this.redisClient ??= (async () => openCountingClient((await this.redis()).url))();
    return this.redisClient;
  }

  /** The work queues of the bot's Redis: its streams under hg:queue:, dead-letter streams aside. */
  private async queueKeys(): Promise<string[]> {
    const client = await this.countingClient();
    const found: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: 'hg:queue:*', TYPE: 'stream', COUNT: 1000 }))
      for (const key of keys) if (!key.endsWith('dead-letter')) found.push(key);
    return found;
  }

  private async lengthOf(keys: readonly string[]): Promise<number> {
    const client = await this.countingClient();
    const lengths = await Promise.all(keys.map((key) => client.xLen(key)));
    return lengths.reduce((sum, length) => sum + length, 0);
  }

  /**
   * Jobs in every work queue of the bot's Redis (an acked job is deleted from its stream);
   * dead-letter streams are where jobs end, not work to do.
   */
  async backlog(): Promise<number> {
    return this.lengthOf(await this.queueKeys());
  }

  /**
   * Waits until every queue is empty; resolves with the seconds it took (or Infinity at
   * `timeoutMs`). Each poll reads the lengths of the queues found at the start (XLEN, a
   * microsecond each); only when they are all empty does a SCAN of the whole keyspace
   * confirm that no other queue appeared meanwhile. Scanning at every poll measured the
   * bench, not the bot: after a 30,000-signal burst the keyspace holds some 300,000 keys,
   * and a SCAN of it every 100 ms took more of Redis's one thread (11 s in a drain) than
   * all of the bot's commands together.
   */
  async drainQueues(timeoutMs: number, pollMs = 100): Promise<number> {
    const started = Date.now();
    let keys = await this.queueKeys();
    for (;;) {
      if ((await this.lengthOf(keys)) === 0) {
        keys = await this.queueKeys();
        if ((await this.lengthOf(keys)) === 0) return (Date.now() - started) / 1000;
      }
      if (Date.now() - started > timeoutMs) return Infinity;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.bots.map((bot) => bot.stop()));
    const children = [this.connectorChild, this.graphChild, this.baselineChild];
    await Promise.allSettled(children.map(async (child) => (await child)?.stop()));
    if (this.redisClient) (await this.redisClient).destroy();
    if (this.redisServer) await (await this.redisServer).stop();
  }
}
