/**
 * The composition root: reads the config once, builds clients and stores, wires the
 * bot and the HTTP server, and shuts down cleanly on SIGTERM. Nothing else creates a
 * Redis client.
 */
import type { Server } from 'restify';
import { loadHelpdeskProfile, type HelpdeskProfile } from '../src/config/helpdesk-profile';
import { loadConfig, type AppConfig } from '../src/config/load-config';
import { isGuardError } from '../src/errors';
import { createMetrics } from '../src/http/metrics';
import { close, createHttpServer, listen } from '../src/http/server';
import { createLogger, type Logger } from '../src/log/logger';
import { createMemoryStores } from '../src/store/memory';
import type { Stores } from '../src/store/ports';
import { connectRedis, createRedisStores } from '../src/store/redis';
import { createAdapter, type AdapterOverrides } from './adapter';
import { createApp } from './app';
import type { EventPublisher } from './deps';
import { messagesEndpoint } from './messages-endpoint';

export interface RunningBot {
  port: number;
  server: Server;
  stores: Stores;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
  profile: HelpdeskProfile;
  log: Logger;
  events: EventPublisher;
  /** Bind address; all interfaces by default. */
  host?: string;
  adapter?: AdapterOverrides;
}

/** Builds everything and listens. Used by main() and by the integration tests. */
export const startBot = async ({ config, profile, log, events, host, adapter: adapterOverrides }: StartOptions): Promise<RunningBot> => {
  const stores = config.redisUrl ? createRedisStores(await connectRedis(config.redisUrl)) : createMemoryStores();
  const metrics = createMetrics();
  const deps = { config, log, metrics, stores, profile, events };
  const adapter = createAdapter(config, adapterOverrides);
  const app = createApp(adapter, deps);
  const server = createHttpServer({
    log,
    metrics,
    readiness: () => stores.ping(),
    routes: [{ path: '/api/messages', maxBodyBytes: config.maxBodyBytes, handler: messagesEndpoint(adapter, app, deps) }],
  });
  const port = await listen(server, config.port, host);
  return {
    port,
    server,
    stores,
    stop: async () => {
      await close(server);
      await stores.close();
    },
  };
};

const main = async (): Promise<void> => {
  const bootLog = createLogger();
  let config: AppConfig;
  let profile: HelpdeskProfile;
  try {
    config = loadConfig();
    profile = loadHelpdeskProfile(config.helpdeskProfileFile);
  } catch (err) {
    if (isGuardError(err)) {
      // Printed plainly as well: this is the line an operator reads first.
      console.error(`helpdesk-guard cannot start. ${err.message}`);
      bootLog.fatal({ code: err.code }, 'configuration refused');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  if (!config.bot) {
    const banner = '*'.repeat(78);
    console.error(
      `${banner}\n  LOCAL MODE: MicrosoftAppId is not set, so Bot Framework authentication is OFF.\n` +
        `  Anyone who can reach this port can post activities. Never run like this in production.\n${banner}`,
    );
    log.warn({ mode: 'local' }, 'local mode: Bot Framework authentication is off');
  }
  const events: EventPublisher = {
    emit: async (input) => {
      log.info({ event: input.EventType }, 'event');
    },
  };
  const bot = await startBot({ config, profile, log, events });
  log.info({ port: bot.port, store: bot.stores.kind, homeTenantId: config.homeTenantId }, 'helpdesk-guard listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Give in-flight requests a bounded time; a stuck socket must not block a deploy.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
};

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('helpdesk-guard failed to start:', err);
    process.exit(1);
  });
}
