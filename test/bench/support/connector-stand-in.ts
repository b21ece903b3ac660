/**
 * The Bot Connector for the bench, in a process of its own, kept lean because every turn
 * of both bots and every warning lands here: POST /v3/conversations/{id}/activities[/{id}]
 * and PUT .../activities/{id} read the body and answer 200 {"id"}, the v3 REST contract
 * (test/support/fake-connector.ts has the scripted errors; the bench needs none). It keeps
 * only counts, and the arrival time of each send to a bench user's conversation
 * (`a:bench-<run>-<i>`, see bench-users.ts), taken when the body has arrived, so its clock
 * is not the bot's. IPC: sends {type:'ready', serviceUrl}; answers 'stats' and 'arrivals'
 * (for one run); exits on 'stop'.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exitWithParent } from './child';

export interface ConnectorStats {
  /** Sends answered 200. */
  accepted: number;
  /** Requests to any other path (a defect of the bot or the bench). */
  unknown: number;
}

export type ConnectorRequest = { type: 'stats' } | { type: 'arrivals'; run: number } | { type: 'stop' };
export type ConnectorReply =
  | { type: 'ready'; serviceUrl: string }
  | { type: 'stats'; stats: ConnectorStats }
  /** Per bench user index, the Date.now() of each send to their conversation. */
  | { type: 'arrivals'; arrivals: Array<[number, number[]]> };

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/?]+)?/;
const BENCH = /^a:bench-(\d+)-(\d+)$/;

const stats: ConnectorStats = { accepted: 0, unknown: 0 };
/** run -> user index -> arrival times. */
const arrivals = new Map<number, Map<number, number[]>>();
let sequence = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const match = ROUTE.exec(req.url ?? '');
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
      stats.unknown += 1;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFound","message":"unknown route"}}');
      return;
    }
    const bench = BENCH.exec(decodeURIComponent(match[1]));
    if (bench) {
      const byUser = arrivals.get(Number(bench[1])) ?? new Map<number, number[]>();
      arrivals.set(Number(bench[1]), byUser);
      const user = Number(bench[2]);
      byUser.set(user, [...(byUser.get(user) ?? []), Date.now()]);
    }
    stats.accepted += 1;
    sequence += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"id":"1:${sequence}"}`);
  });
});

server.listen(0, '127.0.0.1', () => {
  const reply = (message: ConnectorReply) => process.send?.(message);
  process.on('message', (request: ConnectorRequest) => {
    if (request.type === 'stats') reply({ type: 'stats', stats: { ...stats } });
    else if (request.type === 'arrivals')
      reply({ type: 'arrivals', arrivals: [...(arrivals.get(request.run) ?? new Map<number, number[]>())] });
    else {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  exitWithParent();
  reply({ type: 'ready', serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
});
