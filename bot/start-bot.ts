/**
 * Wiring: opens the stores, builds the services, workers and routes, and listens.
 * bot/index.ts (the composition root) calls it once; tests call it with a recording event
 * publisher and fakes of remote services.
 */
import { close, createHttpServer, listen } from '../src/http/server';
import { loadHuntingQueries } from '../src/hunting/queries/load-hunting-queries';
import { openStores } from '../src/store/stores';
import { createApp } from './app';
import { buildRoutes } from './routes';
import { buildServices } from './services';
import type { RunningBot, StartOptions } from './start-options';
import { buildWorkers } from './workers';

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

/** Builds everything and listens. Used by main() and by the integration tests. */
export const startBot = async (options: StartOptions): Promise<RunningBot> => {
  const stores = await openStores(options.config.redisUrl, options.log);
  const services = buildServices(options, stores);
  const workers = buildWorkers(services, await huntingQueriesOf(options.config));
  const { routes, drain } = buildRoutes(options, services, createApp(services.adapter, services), workers);
  const server = createHttpServer({
    log: options.log,
    metrics: services.metrics,
    readiness: async () => {
      await stores.ping();
      // Shown, not judged: a Graph outage must not take the bot's own endpoint out of service.
      // Shown, not judged, like the Graph subscriptions.
      return {
        ...(workers.graph ? { graphSubscriptions: (await workers.graph.health()).subscriptions } : {}),
        ...(workers.hunting ? { hunting: await workers.hunting.health() } : {}),
      };
    },
    routes,
  });
  const port = await listen(server, options.config.port, options.host);
  workers.start();
  return {
    port,
    server,
    stores,
    stop: async () => {
      await close(server);
      const drained = Promise.allSettled([drain(), workers.stop()]);
      // In-flight work gets a bounded time; with Redis gone it would wait forever.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      await stores.close();
      await drained;
    },
  };
};
