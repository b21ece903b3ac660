/**
 * The load generator of the Graph notifications bench, in a process of its own (forked by
 * graph-peers.ts): its busy loop and its clock are not the bot's. On 'post' it builds every
 * body first, then POSTs them open-loop, as Graph's delivery service does: request j is due
 * at t0 + j / rate and is sent then whether or not earlier ones were answered. Each POST's
 * latency is measured from the moment it is written to the arrival of the response's status
 * line (the 202), over keep-alive connections. IPC: sends {type:'ready'}, answers 'post'
 * with {type:'posted'}; exits on 'stop'.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { benchChat, chatCreatedBody } from './graph-bench-chats';

export interface LoadRequest {
  type: 'post';
  /** The bot's notification URL. */
  url: string;
  run: number;
  /** Chats 0..chats-1 are notified, in order. */
  chats: number;
  /** Notifications per POST (Graph batches some deliveries). */
  perRequest: number;
  /** Notifications per second. */
  rate: number;
  subscriptionId: string;
  clientState: string;
}

export interface LoadResult {
  type: 'posted';
  /** Per POST, ms from the write to the status line; null for a failed POST. */
  latenciesMs: Array<number | null>;
  /** Per POST, ms from the first send to its own. */
  sentAtMs: number[];
  /** One line per POST not answered 202. */
  failures: string[];
  /** This process's CPU (user + system) from the first send to the last answer, in ms. */
  cpuMs: number;
  /** First to last send, and the latest a send went out after it was due (the generator's own lag). */
  sendSpanMs: number;
  maxSendLagMs: number;
  /** First send to last answer. */
  wallMs: number;
}

export type LoadMessage = LoadRequest | { type: 'stop' };

/**
 * Idle sockets are retired after 4 s, before the bot's server closes them (Node's default
 * keepAliveTimeout, 5 s): otherwise a burst reuses a socket the server is closing, and the
 * POST dies with ECONNRESET, a race of HTTP keep-alive rather than a refusal of the bot.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 512, timeout: 4_000 });

/** POSTs one body; resolves with the status and the ms to the status line. */
const postOnce = (url: URL, body: string): Promise<{ status: number; ms: number; text: string }> =>
  new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const ms = performance.now() - startedAt;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const postAll = async (load: LoadRequest): Promise<LoadResult> => {
  const url = new URL(load.url);
  const bodies: string[] = [];
  for (let i = 0; i < load.chats; i += load.perRequest) {
    const ids = [];
    for (let j = i; j < Math.min(load.chats, i + load.perRequest); j += 1)
      ids.push(benchChat(load.run, j).chatId);
    bodies.push(chatCreatedBody(ids, load.subscriptionId, load.clientState));
  }
  const intervalMs = (1000 * load.perRequest) / load.rate;
  const latenciesMs = new Array<number | null>(bodies.length).fill(null);
  const sentAtMs: number[] = [];
  const failures: string[] = [];
  const posts: Array<Promise<void>> = [];
  let maxSendLagMs = 0;
  let lastSendAt = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let j = 0; j < bodies.length; j += 1) {
    // Scheduled against t0, so a late tick sends what is due at once instead of stretching the run.
    const due = t0 + j * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSendAt = performance.now();
    sentAtMs.push(lastSendAt - t0);
    maxSendLagMs = Math.max(maxSendLagMs, lastSendAt - due);
    posts.push(
      postOnce(url, bodies[j]).then(
        ({ status, ms, text }) => {
          if (status === 202) latenciesMs[j] = ms;
          else failures.push(`POST ${j}: HTTP ${status} ${text.slice(0, 200)}`);
        },
        (err: Error) => void failures.push(`POST ${j}: ${err.message}`),
      ),
    );
  }
  await Promise.all(posts);
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    type: 'posted',
    latenciesMs,
    sentAtMs,
    failures,
    sendSpanMs: lastSendAt - t0,
    maxSendLagMs,
    wallMs: performance.now() - t0,
  };
};

process.on('message', (message: LoadMessage) => {
  if (message.type === 'stop') {
    agent.destroy();
    process.exit(0);
  }
  postAll(message).then(
    (result) => process.send?.(result),
    (err: Error) =>
      process.send?.({
        type: 'posted',
        latenciesMs: [],
        sentAtMs: [],
        failures: [err.message],
        cpuMs: 0,
        sendSpanMs: 0,
        maxSendLagMs: 0,
        wallMs: 0,
      } satisfies LoadResult),
  );
});
// The parent going away (a crashed bench) must not leave this process behind.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
