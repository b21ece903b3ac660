import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A reply the fake sends: status, JSON body (or none), headers. */
export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** True once the client went away (e.g. it was killed while the request was held). */
  clientGone(): boolean;
}

export type Handler = (request: ReceivedRequest) => ScriptedReply | Promise<ScriptedReply>;

/** A started HTTP(S) server on 127.0.0.1 and a free port. */
export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const answer = (res: ServerResponse, reply: ScriptedReply): void => {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(body ? { 'Content-Type': 'application/json; charset=UTF-8' } : {}),
    ...reply.headers,
  });
  res.end(body);
};

/** Starts a server that hands every request to `handler`; with `tls`, HTTPS. */
export const startServer = async (
  handler: Handler,
  tls?: { key: string; cert: string },
): Promise<RunningServer> => {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const body = await readBody(req);
      const clientGone = (): boolean => req.socket.destroyed;
      const reply = await handler({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        clientGone,
      });
      answer(res, reply);
    })().catch((err: unknown) => answer(res, { status: 500, body: { error: String(err) } }));
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/**
 * A gate that holds requests until opened: lets a test freeze a sink mid-delivery
 * (the crash test kills the bot while a batch is in flight).
 */
export class Gate {
  private waiting: Array<() => void> = [];
  private open = true;

  close(): void {
    this.open = false;
  }

  release(): void {
    this.open = true;
    for (const resume of this.waiting) resume();
    this.waiting = [];
  }

  get held(): number {
    return this.waiting.length;
  }

  pass(): Promise<void> {
    if (this.open) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
