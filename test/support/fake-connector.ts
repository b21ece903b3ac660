import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  /** What the fake answered. */
  status: number;
  method: string;
  path: string;
  conversationId: string;
  authorization?: string;
  body: Record<string, unknown>;
  at: number;
}

/** What the next send answers: a status, optional headers; 2xx answers carry an activity ID. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A stand-in for the Bot Connector service (we cannot run the real one), on loopback.
 * It answers the v3 REST contract: POST /v3/conversations/{id}/activities[/{replyToId}]
 * -> 200 {"id"}, PUT .../activities/{id} -> 200 {"id"}; errors as scripted (429 with
 * Retry-After, 403, 412, 502, 504) in the documented {"error": {code, message}} shape.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private server?: Server;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private sequence = 0;
  /** How long each send takes to answer (a slow connector keeps jobs in flight). */
  delayMs = 0;

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeConnector is not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  /** Answers for the next sends, in order; afterwards every send succeeds. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` activities have been accepted (2xx), or rejects after `timeoutMs`. */
  waitForActivities(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.accepted().length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`expected ${count} activities at the connector, got ${this.accepted().length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Activities the connector accepted, in arrival order. */
  accepted(): ConnectorCall[] {
    return this.calls.filter((call) => call.status === 200);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'unknown route' } }));
      return;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = this.script.shift() ?? { status: 200 };
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '',
      conversationId: decodeURIComponent(match[1]),
      authorization: req.headers.authorization,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      at: Date.now(),
      status: answer.status,
    };
    this.calls.push(call);
    if (answer.status >= 200 && answer.status < 300) {
      this.sequence += 1;
      res.writeHead(200, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify({ id: `1:${this.sequence}` }));
      const ready = this.waiters.filter((waiter) => this.accepted().length >= waiter.count);
      this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
      for (const waiter of ready) waiter.resolve();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(
      JSON.stringify({ error: { code: codeFor(answer.status), message: `scripted ${answer.status}` } }),
    );
  }
}

const codeFor = (status: number): string =>
  ({
    403: 'ConversationBlockedByUser',
    404: 'ConversationNotFound',
    412: 'PreconditionFailed',
    429: 'Throttled',
  })[status] ?? 'ServiceError';
