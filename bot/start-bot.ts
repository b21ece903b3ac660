/**
 * Wiring: listens, opens the stores, builds the services, workers and routes, and mounts
 * the routes. bot/index.ts (the composition root) calls it once; tests call it with a
 * recording event publisher and fakes of remote services.
 */
import { createIntakePressure } from '../src/http/intake-pressure';
import { createMetrics } from '../src/http/metrics';
import { close, createHttpServer, listen, mountGetRoutes, mountRoutes } from '../src/http/server';
import { loadHuntingQueries } from '../src/hunting/queries/load-hunting-queries';
import { holdReplicaId, type ReplicaIdHold } from '../src/store/replica-identity';
import { openStores, type Stores } from '../src/store/stores';
import { createApp } from './app';
import { buildRoutes } from './routes';
import { buildServices } from './services';
import type { RunningBot, StartOptions } from './start-options';
import { buildWorkers, type Workers } from './workers';

export type { RunningBot, StartOptions } from './start-options';

/** The shipped hunting queries, read and checked at start, with the configured tools and threshold. */
const huntingQueriesOf = async ({ hunting }: StartOptions['config']) =>
  hunting.enabled
    ? loadHuntingQueries(undefined, {
        remoteTools: hunting.remoteTools,
        mailFloodThreshold: hunting.mailFloodThreshold,
      })
    : undefined;

/** How long stop() lets queued work finish before closing the stores under it. */
const STOP_GRACE_MS = 5_000;

/** What /readyz says while the stores are not open yet. */
const WAITING_FOR_STORES = 'waiting for Redis: the bot cannot take work until it connects';

/**
 * Builds everything and listens. The port opens first, so while Redis is unreachable at
 * start /healthz answers, /readyz says why it is 503, and every other route answers 503
 * with Retry-After instead of a refused connection. Used by main() and by the tests.
 */
export const startBot = async (options: StartOptions): Promise<RunningBot> => {
  const metrics = createMetrics();
  const pressure = createIntakePressure();
  /** Filled in once the stores are open and the workers built; until then the bot says it is starting. */
  const ready: { stores?: Stores; workers?: Workers } = {};
  const server = createHttpServer({
    log: options.log,
    metrics,
    pressure,
    unavailable: () => (ready.workers ? undefined : WAITING_FOR_STORES),
    readiness: async () => {
      const { stores, workers } = ready;
      if (!stores || !workers) throw new Error(WAITING_FOR_STORES);
      await stores.ping();
      // Shown, not judged: a Graph or Defender outage must not take the bot's own endpoint out of service.
      return {
        ...(workers.graph ? { graphSubscriptions: (await workers.graph.health()).subscriptions } : {}),
        ...(workers.hunting ? { hunting: await workers.hunting.health() } : {}),
      };
    },
  });
  const port = await listen(server, options.config.port, options.host);
  let stores: Stores | undefined;
  let hold: ReplicaIdHold | undefined;
  let built: Workers;
  let drain: () => Promise<void>;
  try {
    stores = await openStores(options.config.redisUrl, options.log, {
      queueClaimIdleMs: options.config.replica.claimIdleMs,
    });
    // Shared queues: this REPLICA_ID must be this process's alone before it resumes anything.
    if (stores.kind === 'redis')
      hold = await holdReplicaId({ dedupe: stores.dedupe, id: options.config.replica.id, log: options.log });
    const services = buildServices(options, stores, metrics);
    built = buildWorkers(services, { huntingQueries: await huntingQueriesOf(options.config), pressure });
    const mounted = buildRoutes(options, services, createApp(services.adapter, services), built);
    mountRoutes(server, mounted.routes, options.log);
    mountGetRoutes(server, mounted.getRoutes);
    drain = mounted.drain;
  } catch (err) {
    // A setting only start-up can judge (bot/index.ts reports it): nothing stays open behind it.
    pressure.stop();
    await close(server);
    await hold?.release();
    await stores?.close();
    throw err;
  }
  ready.stores = stores;
  ready.workers = built;
  built.start();
  const open = stores;
  return {
    port,
    server,
    stores: open,
    forwardNudges: (now) => built.forwardNudges(now),
    stop: async () => {
      await close(server);
      // Jobs still running after the grace time are handed back, for another replica to take at once.
      const drained = Promise.allSettled([drain(), built.stop(STOP_GRACE_MS)]);
      // Bounded once more: with Redis gone, even handing back would wait forever.
      await Promise.race([
        drained,
        new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS + 1_000).unref()),
      ]);
      await hold?.release();
      pressure.stop();
      await open.close();
      // What is still running (a Graph call that hangs) ends with the process, not before it.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    },
  };
};
