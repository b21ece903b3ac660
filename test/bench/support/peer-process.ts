/**
 * Everything outside the bot, in a process of its own: the loopback Bot Connector
 * stand-in (test/support/fake-connector.ts) and the SIEM posting signed signals. Arrival
 * times are then not taken by the bot's busy event loop, and the client's CPU is not the
 * bot's. IPC: sends {type:'ready', serviceUrl}; answers 'calls', 'count' and 'post'
 * (posts signals for users [from, to) of a run, `clients` at a time, or one per
 * `intervalMs`); exits on 'stop'.
 */
import { FakeConnector } from '../../support/fake-connector';
import { signedHeaders } from '../../support/signals';
import { benchSignalBody } from './bench-users';

export interface ArrivalRecord {
  conversationId: string;
  status: number;
  /** Date.now() when the request body had arrived. */
  at: number;
}

export interface PostRequest {
  type: 'post';
  url: string;
  run: number;
  count: number;
  /** Paced: one POST every intervalMs (not waiting for answers). Burst: `clients` POSTs at a time. */
  intervalMs?: number;
  clients?: number;
}

export type PeerRequest = { type: 'calls' } | { type: 'count' } | { type: 'stop' } | PostRequest;
export type PeerReply =
  | { type: 'ready'; serviceUrl: string }
  | { type: 'calls'; calls: ArrivalRecord[] }
  | { type: 'count'; accepted: number }
  | { type: 'posted'; startedAt: number[]; failures: string[]; ms: number };

const postAll = async (request: PostRequest): Promise<Extract<PeerReply, { type: 'posted' }>> => {
  const startedAt: number[] = [];
  const failures: string[] = [];
  const bodies = Array.from({ length: request.count }, (_, i) => benchSignalBody(request.run, i));
  const post = async (i: number) => {
    startedAt[i] = Date.now();
    const res = await fetch(request.url, {
      method: 'POST',
      headers: signedHeaders(bodies[i]),
      body: bodies[i],
    });
    const text = await res.text();
    if (res.status !== 202) failures.push(`signal ${i}: HTTP ${res.status} ${text.slice(0, 200)}`);
  };
  const t0 = Date.now();
  if (request.intervalMs) {
    const posts: Array<Promise<void>> = [];
    for (let i = 0; i < request.count; i += 1) {
      // Scheduled against t0, so one slow POST does not stretch the spacing of the rest.
      const due = t0 + i * request.intervalMs - Date.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      posts.push(post(i));
    }
    await Promise.all(posts);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: request.clients ?? 32 }, async () => {
        for (let i = next++; i < request.count; i = next++) await post(i);
      }),
    );
  }
  return { type: 'posted', startedAt, failures, ms: Date.now() - t0 };
};

const main = async (): Promise<void> => {
  const connector = await new FakeConnector().start();
  const send = (reply: PeerReply) => process.send?.(reply);
  process.on('message', (request: PeerRequest) => {
    if (request.type === 'calls') {
      send({
        type: 'calls',
        calls: connector.calls.map(({ conversationId, status, at }) => ({ conversationId, status, at })),
      });
    } else if (request.type === 'count') {
      send({ type: 'count', accepted: connector.accepted().length });
    } else if (request.type === 'post') {
      void postAll(request).then(send, (err: Error) =>
        send({ type: 'posted', startedAt: [], failures: [err.message], ms: 0 }),
      );
    } else {
      void connector.stop().then(() => process.exit(0));
    }
  });
  // The parent going away (a crashed bench) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', serviceUrl: connector.serviceUrl });
};

void main();
