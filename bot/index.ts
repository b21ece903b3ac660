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
import { close, createHttpServer, listen, type PostRoute } from '../src/http/server';
import { createLogger, type Logger } from '../src/log/logger';
import { createMemoryStores } from '../src/store/memory';
import type { Stores } from '../src/store/ports';
import { connectRedis, createRedisStores } from '../src/store/redis';
import { createCampaignTracker, createDetector } from '../src/detection';
import type { FirstContactSignal } from '../src/signals/first-contact-signal';
import { createFirstContactWorker } from '../src/signals/first-contact-worker';
import { WEBHOOK_MAX_BODY_BYTES, firstContactWebhook } from '../src/signals/webhook-handler';
import { createAdapter, type AdapterOverrides } from './adapter';
import { createEventPipeline } from '../src/events';
import { MemoryFirstContactLog } from '../src/reports/memory-first-contact-log';
import { MemoryReportStore } from '../src/reports/memory-report-store';
import { RedisFirstContactLog } from '../src/reports/redis-first-contact-log';
import { RedisReportStore } from '../src/reports/redis-report-store';
import { createReportService } from '../src/reports/report-service';
import { createStaticSecurityTeam } from '../src/reports/security-team';
import { warnedContact } from '../src/reports/warned-contact';
import { createNotificationWorker, type Notification } from './proactive/notifications';
import { createProactiveSender } from './proactive/proactive-sender';
import { createSecurityChannel } from './proactive/security-channel';
import { createHelpdeskPhrase } from '../src/verification/helpdesk-phrase';
import { MemoryVerificationStore } from '../src/verification/memory-verification-store';
import { RedisVerificationStore } from '../src/verification/redis-verification-store';
import {
  anyStaffDirectory,
  createGroupStaffDirectory,
  createStaticStaffDirectory,
  type StaffDirectory,
} from '../src/verification/staff-directory';
import { clientSecretTokenProvider, createGraphClient, type GraphClient, type GraphTokenProvider } from '../src/graph';
import { createAppInstaller } from './proactive/app-installer';
import { createUserDirectory } from '../src/verification/user-directory';
import { createVerificationService } from '../src/verification/verification-service';
import { createWarningDelivery } from './proactive/warning-delivery';
import { createApp } from './app';
import type { Deps, EventPublisher } from './deps';
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
  /** Replaces the event pipeline (tests record events); built from config.events otherwise. */
  events?: EventPublisher;
  /** Bind address; all interfaces by default. */
  host?: string;
  adapter?: AdapterOverrides;
  /** Graph tokens; from the bot's credentials otherwise (tests pass a fake's). */
  graphTokens?: GraphTokenProvider;
}

/** Graph with the bot's own credentials, or none (local mode): every Graph feature then says so. */
const createGraph = (config: AppConfig, log: Logger, tokens?: GraphTokenProvider): GraphClient | undefined => {
  const provider =
    tokens ??
    (config.bot?.appPassword
      ? clientSecretTokenProvider({
          tenantId: config.bot.appTenantId ?? config.homeTenantId,
          clientId: config.bot.appId,
          clientSecret: config.bot.appPassword,
        })
      : undefined);
  if (!provider) {
    if (config.helpdeskStaffGroupId || config.graph.teamsAppCatalogId) {
      log.warn('HELPDESK_STAFF_GROUP_ID and TEAMS_APP_CATALOG_ID need Graph: set MicrosoftAppId and MicrosoftAppPassword');
    }
    return undefined;
  }
  return createGraphClient({ endpoint: config.graph.endpoint, tokens: provider, log });
};

/** HELPDESK_STAFF_IDS, plus members of HELPDESK_STAFF_GROUP_ID when Graph is there. */
const staffDirectory = (config: AppConfig, graph: GraphClient | undefined): StaffDirectory => {
  const listed = createStaticStaffDirectory({ ids: config.helpdeskStaffIds, tenantId: config.homeTenantId });
  if (!graph || !config.helpdeskStaffGroupId) return listed;
  const groupId = config.helpdeskStaffGroupId;
  const group = createGroupStaffDirectory({
    graph: { isMemberOfGroup: async (userId) => (await graph.checkMemberGroups(userId, [groupId])).includes(groupId) },
    groupId,
    tenantId: config.homeTenantId,
  });
  return anyStaffDirectory(listed, group);
};

/** How long stop() lets queued work finish before closing the stores under it. */
const STOP_GRACE_MS = 5_000;

/** Builds everything and listens. Used by main() and by the integration tests. */
export const startBot = async (options: StartOptions): Promise<RunningBot> => {
  const { config, profile, log } = options;
  // The only Redis client of the process (STYLE.md: nothing else creates one).
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  const stores = redis ? createRedisStores(redis) : createMemoryStores();
  const metrics = createMetrics();
  const pipeline = options.events
    ? undefined
    : createEventPipeline({ config: config.events, tenantId: config.homeTenantId, log, registry: metrics.registry, redis });
  const events: EventPublisher = options.events ?? pipeline!;
  const adapter = createAdapter(config, options.adapter);
  const graph = createGraph(config, log, options.graphTokens);
  const sender = createProactiveSender({
    adapter,
    botAppId: config.bot?.appId ?? '',
    conversations: stores.conversations,
    rateLimiter: stores.rateLimiter,
    tenantRatePerSecond: config.tenantSendRate,
    log,
  });
  const notificationQueue = stores.queue<Notification>('notifications');
  const securityChannel = createSecurityChannel({
    kv: stores.kv,
    channelId: config.securityChannelId,
    homeTenantId: config.homeTenantId,
    log,
  });
  const firstContacts = redis ? new RedisFirstContactLog(redis) : new MemoryFirstContactLog();
  const reports = createReportService({
    reports: redis ? new RedisReportStore(redis) : new MemoryReportStore(),
    firstContacts,
    events,
    securityTeam: createStaticSecurityTeam({ ids: config.securityTeamIds, tenantId: config.homeTenantId }),
    log,
  });
  const verification = createVerificationService({
    store: redis ? new RedisVerificationStore(redis) : new MemoryVerificationStore(),
    events,
    secret: config.verificationSecret,
    staff: staffDirectory(config, graph),
    users: createUserDirectory({
      lookupUpn: async (_tenantId, upn) => {
        const user = await graph?.getUser(upn);
        return user && { aadObjectId: user.id, upn: user.userPrincipalName, displayName: user.displayName };
      },
    }),
    windows: stores.windows,
    log,
    wasWarned: async (tenantId, userId, chatThreadId) =>
      (await warnedContact(firstContacts, tenantId, userId, chatThreadId)) !== undefined,
    onLockedOut: async (notice) => {
      await notificationQueue.enqueue({
        kind: 'channel-message',
        text:
          `Verification lockout: user ${notice.userUpn ?? notice.userObjectId} failed ${notice.failures} code checks ` +
          `${notice.chatThreadId ? `about chat ${notice.chatThreadId} ` : ''}and is locked for ${notice.retryAfterMinutes} minutes.`,
      });
    },
  });
  const phrase = config.phrase.enabled
    ? createHelpdeskPhrase({ secret: config.verificationSecret, rotationMs: config.phrase.rotationHours * 3_600_000 })
    : undefined;
  const deps: Deps = {
    config,
    log,
    metrics,
    stores,
    profile,
    events,
    verification,
    phrase,
    sender,
    firstContacts,
    reports,
    notifications: notificationQueue,
    securityChannel,
  };
  const app = createApp(adapter, deps);

  const signalQueue = stores.queue<FirstContactSignal>('first-contact');
  const worker = createFirstContactWorker({
    queue: signalQueue,
    deadLetters: stores.queue('warning-dead-letter'),
    dedupe: stores.dedupe,
    firstContacts,
    detector: createDetector({
      homeTenantId: config.homeTenantId,
      trustedTenantIds: config.trustedTenantIds,
      orgName: profile.orgName,
      orgDomains: profile.internalDomains,
      helpdeskNames: profile.displayNames,
      threshold: config.detectionThreshold,
    }),
    campaigns: createCampaignTracker(stores, config.campaign),
    delivery: createWarningDelivery({
      sender,
      profile,
      installer:
        graph && config.graph.teamsAppCatalogId
          ? createAppInstaller({ graph, catalogAppId: config.graph.teamsAppCatalogId, conversations: stores.conversations, log })
          : undefined,
    }),
    events,
    log,
  });
  const notifier = createNotificationWorker({
    queue: notificationQueue,
    sender,
    reports,
    securityChannel,
    dedupe: stores.dedupe,
    tenantId: config.homeTenantId,
    log,
  });

  const routes: PostRoute[] = [
    { path: '/api/messages', maxBodyBytes: config.maxBodyBytes, handler: messagesEndpoint(adapter, app, deps) },
  ];
  // The webhook exists only with its secret: unsigned intake is never on (README: "Signals").
  if (config.signalWebhookSecret) {
    routes.push({
      path: '/api/signals/first-contact',
      maxBodyBytes: WEBHOOK_MAX_BODY_BYTES,
      raw: true,
      handler: firstContactWebhook({
        secret: config.signalWebhookSecret,
        homeTenantId: config.homeTenantId,
        log,
        enqueue: (signal) => signalQueue.enqueue(signal),
      }),
    });
  }
  const server = createHttpServer({ log, metrics, readiness: () => stores.ping(), routes });
  const port = await listen(server, config.port, options.host);
  pipeline?.start();
  worker.start();
  notifier.start();
  return {
    port,
    server,
    stores,
    stop: async () => {
      await close(server);
      const drained = Promise.allSettled([worker.stop(), notifier.stop(), pipeline?.stop()]);
      // In-flight work gets a bounded time; with Redis gone it would wait forever.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      await stores.close();
      await drained;
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
  const bot = await startBot({ config, profile, log });
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
