import { randomUUID } from 'node:crypto';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { errorBody } from '../errors';
import type { Logger } from '../log/logger';
import type { IntakePressure } from './intake-pressure';
import type { Metrics } from './metrics';
import { BodyRefused, parseJson, readJsonText } from './read-body';

/**
 * A POST route of JSON with its own limit on the decoded body. The handler gets the
 * parsed JSON in req.body, or with `raw` the body's text (for routes that check a
 * signature first). Other content types, codings and sizes never reach it.
 */
export interface PostRoute {
  path: string;
  maxBodyBytes: number;
  raw?: boolean;
  /**
   * Runs before the body is read; returns true when it has answered the request itself.
   * For requests that are not the route's JSON, such as Graph's validation handshake
   * (`?validationToken=`, text/plain, no body).
   */
  beforeBody?: (req: Request, res: Response) => boolean;
  handler: (req: Request, res: Response) => Promise<void>;
}

/**
 * A GET route (its HEAD too) that answers from memory: no body to read, nothing from disk.
 * The handler writes the whole answer; for HEAD, Node drops the body it writes.
 */
export interface GetRoute {
  path: string;
  handler: (req: Request, res: Response) => Promise<void>;
}

export interface HttpServerDeps {
  log: Logger;
  metrics: Metrics;
  /**
   * Resolves when every backing service answers (GET /readyz), optionally with details
   * to show (subscription health); rejects with the reason otherwise.
   */
  readiness: () => Promise<Record<string, unknown> | void>;
  /** Mounted at once; more can follow with mountRoutes() (startBot mounts them once the stores are open). */
  routes?: PostRoute[];
  /** GET routes mounted at once; more can follow with mountGetRoutes(). */
  getRoutes?: GetRoute[];
  /**
   * While this returns a reason, every request but /healthz, /readyz and /metrics gets
   * 503 with Retry-After (the bot is listening but cannot serve yet, e.g. Redis is not
   * reachable), so a load balancer and Bot Connector see "come back", not a closed port.
   */
  unavailable?: () => string | undefined;
  /** Told of every request but /healthz, /readyz and /metrics (the workers yield to a saturating intake). */
  pressure?: Pick<IntakePressure, 'arrived'>;
}

/** How soon a client refused while the bot starts should try again. */
const STARTING_RETRY_AFTER_SECONDS = 5;
/** Routes that answer while the bot is still starting. */
const ALWAYS_ON = new Set(['/healthz', '/readyz', '/metrics']);

type ContextRequest = Request & { hgLog?: Logger; startedAt?: bigint };

/** The request's child logger (it carries the request ID). */
export const requestLog = (req: Request, fallback: Logger): Logger =>
  (req as ContextRequest).hgLog ?? fallback;

/** Request IDs: the caller's x-request-id when sane, else a fresh UUID. */
const requestIdOf = (req: Request): string => {
  const given = req.header('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

/**
 * The restify server: transport only. Routes parse, authenticate and hand over; every
 * decision lives behind the handler each route is given.
 */
export const createHttpServer = ({
  log,
  metrics,
  readiness,
  routes = [],
  getRoutes = [],
  unavailable,
  pressure,
}: HttpServerDeps): Server => {
  const server = restify.createServer({ name: 'helpdesk-guard', handleUncaughtExceptions: false });

  server.pre((req: Request, res: Response, next: Next) => {
    const requestId = requestIdOf(req);
    res.header('x-request-id', requestId);
    (req as ContextRequest).hgLog = log.child({ requestId });
    (req as ContextRequest).startedAt = process.hrtime.bigint();
    const alwaysOn = ALWAYS_ON.has(req.getPath());
    if (!alwaysOn) pressure?.arrived();
    const reason = unavailable?.();
    if (reason !== undefined && !alwaysOn) {
      res.header('retry-after', String(STARTING_RETRY_AFTER_SECONDS));
      res.header('connection', 'close');
      res.send(503, errorBody('starting', reason));
      next(false);
      return;
    }
    next();
  });

  server.on('after', (req: Request, res: Response) => {
    const route = req.getRoute()?.path?.toString() ?? 'unmatched';
    const startedAt = (req as ContextRequest).startedAt;
    metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
    if (startedAt !== undefined) {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.httpDuration.observe({ route, method: req.method }, seconds);
    }
  });

  // A thrown handler must become a JSON 500 with a log line, never a crashed process.
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      const status = err.statusCode ?? 500;
      const line = { err, route: req.getRoute()?.path, status };
      if (status >= 500) log.error(line, 'request failed');
      else log.info(line, 'request refused');
      callback();
    },
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (req: Request, res: Response) => {
    try {
      const details = await readiness();
      res.send(200, { status: 'ready', ...details });
    } catch (err) {
      requestLog(req, log).warn({ err }, 'not ready');
      res.send(503, { status: 'not ready', reason: (err as Error).message });
    }
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await metrics.registry.metrics();
    res.setHeader('content-type', metrics.registry.contentType);
    res.writeHead(200);
    res.end(body);
  });

  mountRoutes(server, routes, log);
  mountGetRoutes(server, getRoutes);
  return server;
};

/** Adds GET routes, each with its HEAD, to a server, listening or not. */
export const mountGetRoutes = (server: Server, routes: readonly GetRoute[]): void => {
  for (const route of routes) {
    server.get(route.path, route.handler);
    server.head(route.path, route.handler);
  }
};

/** Adds POST routes (and the HEAD probe of each) to a server, listening or not. */
export const mountRoutes = (server: Server, routes: readonly PostRoute[], log: Logger): void => {
  for (const route of routes) {
    // Clients (the Agents Playground among them) probe an endpoint with HEAD before posting.
    server.head(route.path, async (_req: Request, res: Response) => {
      res.send(200);
    });
    server.post(route.path, async (req: Request, res: Response) => {
      if (route.beforeBody?.(req, res)) return;
      if (!(await readRouteBody(route, req, res, log))) return;
      await route.handler(req, res);
    });
  }
};

/**
 * Puts the route's body into req.body, or answers the refusal (a JSON 4xx with a code)
 * and closes the connection, so an upload that was refused is not read any further.
 */
const readRouteBody = async (
  route: PostRoute,
  req: Request,
  res: Response,
  log: Logger,
): Promise<boolean> => {
  try {
    const text = await readJsonText(req, { maxBytes: route.maxBodyBytes });
    req.body = route.raw ? text : parseJson(text);
    return true;
  } catch (err) {
    if (!(err instanceof BodyRefused)) throw err;
    requestLog(req, log).info({ status: err.status, code: err.code, route: route.path }, 'body refused');
    res.header('connection', 'close');
    res.send(err.status, errorBody(err.code, err.message));
    return false;
  }
};

/** Starts listening; resolves with the bound port (useful with port 0 in tests). */
export const listen = (server: Server, port: number, host?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server.address().port);
    });
  });

/** Stops accepting connections and waits for open requests to finish. */
export const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
  });
