/**
 * Microsoft Graph for the bench, in a process of its own (forked by
 * rig.ts) so its answers are not delayed by the bot's event loop, nor its work
 * counted as the bot's. It serves what the bot calls, following Graph's documented contract:
 * - /v1.0/subscriptions...: test/support/fake-graph-subscriptions.ts (the checks and the real
 *   validation handshake against the bot), as FakeGraph does;
 * - GET /v1.0/chats/{id}/members for the bench's chats (graph-bench-chats.ts), answered after
 *   `memberLatencyMs`, 404 for another chat, 401 without the bearer token.
 * It counts member reads in flight (the most at once is what the bot's
 * GRAPH_LOOKUP_CONCURRENCY must bound) and, from `throttle.afterMs` after the first member
 * read and for `throttle.forMs`, answers every `throttle.every`-th read with 429 and
 * `Retry-After: 1`, noting for each throttled chat how long the bot waited before asking again.
 * IPC: sends {type:'ready', url}; answers 'subscriptions' and 'stats'; exits on 'stop'.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type FakeAnswer,
  fakeGraphError,
  FakeGraphSubscriptions,
  type FakeSubscription,
  matchSubscriptionRoute,
} from '../../support/fake-graph-subscriptions';
import { benchChat } from './graph-bench-chats';

export interface StandInOptions {
  run: number;
  chats: number;
  /** The only bearer token accepted. */
  token: string;
  /** The tenant lifecycle notifications name. */
  tenantId: string;
  memberLatencyMs: number;
  throttle: { afterMs: number; forMs: number; every: number; retryAfterS: number };
}

export interface StandInStats {
  memberReads: number;
  /** Distinct chats whose members were answered 200. */
  chatsRead: number;
  maxInFlight: number;
  throttled: number;
  /** Chats asked for again after a 429, and the shortest wait (ms) from the 429 to that request. */
  retriedAfter429: number;
  /** null when no throttled chat was asked for again. */
  minRetryWaitMs: number | null;
  /** Other answers than 200 and the scripted 429s (401, 404, 400), by status. */
  unexpected: Record<string, number>;
  /** ms since the first member read: when the throttling ran, and when the last chat was first read. */
  throttleWindowMs: [number, number];
  /** null before the first read. */
  lastNewChatAtMs: number | null;
  /** This process's CPU (user + system) since it started, in ms. */
  cpuMs: number;
}

export type StandInRequest = { type: 'subscriptions' } | { type: 'stats' } | { type: 'stop' };
export type StandInReply =
  | { type: 'ready'; url: string }
  | { type: 'subscriptions'; subscriptions: FakeSubscription[] }
  | { type: 'stats'; stats: StandInStats };

const options = JSON.parse(process.argv[2]) as StandInOptions;
const MEMBERS = /^\/v1\.0\/chats\/([^/]+)\/members$/;

/** Each chat's member list, serialised once: the stand-in must cost little per read. */
const memberBodies = new Map<string, string>();
for (let i = 0; i < options.chats; i += 1) {
  const { chatId, members } = benchChat(options.run, i);
  memberBodies.set(
    chatId,
    JSON.stringify({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#chats('${encodeURIComponent(chatId)}')/members`,
      '@odata.count': members.length,
      value: members.map((member) => ({
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        id: Buffer.from(`${chatId}##${member.userId}`).toString('base64'),
        roles: ['owner'],
        visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
        ...member,
      })),
    }),
  );
}

let baseUrl = '';
const subscriptions = new FakeGraphSubscriptions({
  now: Date.now,
  baseUrl: () => baseUrl,
  tenantId: options.tenantId,
  appId: randomUUID(),
});

const stats = { memberReads: 0, maxInFlight: 0, throttled: 0, retriedAfter429: 0, minRetryWaitMs: Infinity };
const unexpected: Record<string, number> = {};
const chatsRead = new Set<string>();
const throttledAt = new Map<string, number>();
let inFlight = 0;
let firstReadAt: number | undefined;
let lastNewChatAt = 0;
let windowReads = 0;

const send = (res: ServerResponse, answer: FakeAnswer | { status: number; text: string }): void => {
  const text =
    'text' in answer ? answer.text : answer.body === undefined ? undefined : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'request-id': randomUUID(),
    ...(text === undefined ? {} : { 'content-type': 'application/json' }),
    ...('headers' in answer ? answer.headers : {}),
  });
  res.end(text);
};

const countUnexpected = (status: number): void => {
  unexpected[status] = (unexpected[status] ?? 0) + 1;
};

const serveMembers = async (chatId: string, res: ServerResponse): Promise<void> => {
  const now = performance.now();
  firstReadAt ??= now;
  stats.memberReads += 1;
  const last429 = throttledAt.get(chatId);
  if (last429 !== undefined) {
    throttledAt.delete(chatId);
    stats.retriedAfter429 += 1;
    stats.minRetryWaitMs = Math.min(stats.minRetryWaitMs, now - last429);
  }
  // A throttled read is in flight too, if only while it is answered.
  inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
  const since = now - firstReadAt;
  const { afterMs, forMs, every, retryAfterS } = options.throttle;
  if (since >= afterMs && since < afterMs + forMs && windowReads++ % every === 0) {
    inFlight -= 1;
    stats.throttled += 1;
    send(
      res,
      fakeGraphError(429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(retryAfterS) }),
    );
    throttledAt.set(chatId, performance.now());
    return;
  }
  try {
    await new Promise((resolve) => setTimeout(resolve, options.memberLatencyMs));
    const body = memberBodies.get(chatId);
    if (body === undefined) {
      countUnexpected(404);
      send(res, fakeGraphError(404, 'NotFound', `Chat '${chatId}' was not found.`));
      return;
    }
    if (!chatsRead.has(chatId)) lastNewChatAt = performance.now();
    chatsRead.add(chatId);
    send(res, { status: 200, text: body });
  } finally {
    inFlight -= 1;
  }
};

const serveSubscription = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
  const route = matchSubscriptionRoute(req.method ?? 'GET', pathname)!;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (route.route === 'unknown') {
    countUnexpected(400);
    send(res, fakeGraphError(400, 'BadRequest', `No ${req.method} on '${pathname}'.`));
    return;
  }
  send(res, await subscriptions.serve(route.route, route.key, text === '' ? undefined : JSON.parse(text)));
};

const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const { pathname } = new URL(req.url ?? '/', 'http://graph');
  if (req.headers.authorization !== `Bearer ${options.token}`) {
    countUnexpected(401);
    send(res, fakeGraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'));
    return;
  }
  const members = MEMBERS.exec(pathname);
  if (members && req.method === 'GET') return serveMembers(decodeURIComponent(members[1]), res);
  if (matchSubscriptionRoute(req.method ?? 'GET', pathname)) return serveSubscription(req, res, pathname);
  countUnexpected(400);
  send(res, fakeGraphError(400, 'BadRequest', `Resource not found for the segment '${pathname}'.`));
};

const statsNow = (): StandInStats => {
  const cpu = process.cpuUsage();
  return {
    ...stats,
    chatsRead: chatsRead.size,
    minRetryWaitMs: Number.isFinite(stats.minRetryWaitMs) ? stats.minRetryWaitMs : null,
    unexpected: { ...unexpected },
    throttleWindowMs: [options.throttle.afterMs, options.throttle.afterMs + options.throttle.forMs],
    lastNewChatAtMs: firstReadAt === undefined ? null : lastNewChatAt - firstReadAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
};

const main = async (): Promise<void> => {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      countUnexpected(500);
      send(res, fakeGraphError(500, 'InternalServerError', String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reply = (message: StandInReply) => process.send?.(message);
  process.on('message', (request: StandInRequest) => {
    if (request.type === 'subscriptions')
      reply({ type: 'subscriptions', subscriptions: subscriptions.list() });
    else if (request.type === 'stats') reply({ type: 'stats', stats: statsNow() });
    else {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  // The parent going away (a crashed bench) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  reply({ type: 'ready', url: baseUrl });
};

void main();
