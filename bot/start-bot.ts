/**
 * Wiring: builds the stores, clients, services and workers from the config, registers the
 * routes, and listens. bot/index.ts (the composition root) calls it once; tests call it
 * with a recording event publisher and fakes of remote services.
 */
import type { Server } from 'restify';
import { createCampaignTracker } from '../src/campaigns';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { AppConfig } from '../src/config/load-config';
import { createDetector } from '../src/detection';
import { createEventPipeline, type EventPublisher } from '../src/events';
import type { GraphTokenProvider } from '../src/graph';
import { createMetrics } from '../src/http/metrics';
import { close, createHttpServer, listen, type PostRoute } from '../src/http/server';
import type { Logger } from '../src/log/logger';
import { MemoryFirstContactLog } from '../src/reports/memory-first-contact-log';
import { MemoryReportStore } from '../src/reports/memory-report-store';
import { RedisFirstContactLog } from '../src/reports/redis-first-contact-log';
import { RedisReportStore } from '../src/reports/redis-report-store';
import { createReportService } from '../src/reports/report-service';
import { createStaticSecurityTeam } from '../src/reports/security-team';
import { warnedContact } from '../src/reports/warned-contact';
import type { FirstContactSignal } from '../src/signals/first-contact-signal';
import { createFirstContactWorker } from '../src/signals/first-contact-worker';
import { WEBHOOK_MAX_BODY_BYTES, firstContactWebhook } from '../src/signals/webhook-handler';
import { createMemoryStores } from '../src/store/memory';
import type { Stores } from '../src/store/ports';
import { connectRedis, createRedisStores } from '../src/store/redis';
import { createHelpdeskPhrase } from '../src/verification/helpdesk-phrase';
import { MemoryVerificationStore } from '../src/verification/memory-verification-store';
import { RedisVerificationStore } from '../src/verification/redis-verification-store';
import { createUserDirectory } from '../src/verification/user-directory';
import { createVerificationService } from '../src/verification/verification-service';
import { createAdapter, type AdapterOverrides } from './adapter';
import { createApp } from './app';
import { createChannelTokenCheck } from './channel-token';
import type { Deps } from './deps';
import { chatMembership, createGraph, staffDirectory } from './graph-wiring';
import { createMessagesEndpoint } from './messages-endpoint';
import { createAppInstaller } from './proactive/app-installer';
import { createNotificationWorker, type Notification } from './proactive/notifications';
import { createProactiveSender } from './proactive/proactive-sender';
import { createSecurityChannel } from './proactive/security-channel';
import { createWarningDelivery } from './proactive/warning-delivery';

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

/** While Redis is unreachable at start-up, one log line per this many attempts (about 30 s). */
const REDIS_RETRY_LOG_EVERY = 15;

/** How long stop() lets queued work finish before closing the stores under it. */
const STOP_GRACE_MS = 5_000;

/** Builds everything and listens. Used by main() and by the integration tests. */
export const startBot = async (options: StartOptions): Promise<RunningBot> => {
  const { config, profile, log } = options;
  // The only Redis client of the process (STYLE.md: nothing else creates one).
  const redis = config.redisUrl
    ? await connectRedis(config.redisUrl, {
        // Start-up waits for Redis; say so now and then instead of hanging in silence.
        onRetry: (attempt, error) => {
          if (attempt === 1 || attempt % REDIS_RETRY_LOG_EVERY === 0)
            log.warn({ attempt, error: error.message }, 'Redis is unreachable; retrying');
        },
      })
    : undefined;
  const stores = redis ? createRedisStores(redis) : createMemoryStores();
  const metrics = createMetrics();
  const pipeline = options.events
    ? undefined
    : createEventPipeline({
        config: config.events,
        tenantId: config.homeTenantId,
        log,
        registry: metrics.registry,
        redis,
      });
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
    chatMembers: chatMembership(graph),
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
    ? createHelpdeskPhrase({
        secret: config.verificationSecret,
        rotationMs: config.phrase.rotationHours * 3_600_000,
      })
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
          ? createAppInstaller({
              graph,
              catalogAppId: config.graph.teamsAppCatalogId,
              conversations: stores.conversations,
              log,
            })
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

  const messages = createMessagesEndpoint(adapter, app, {
    ...deps,
    checkToken: config.bot
      ? createChannelTokenCheck({
          appId: config.bot.appId,
          log,
          openIdMetadataUrl: options.adapter?.openIdMetadataUrl,
        })
      : undefined,
  });
  const routes: PostRoute[] = [
    { path: '/api/messages', maxBodyBytes: config.maxBodyBytes, handler: messages.handler },
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
      const drained = Promise.allSettled([
        messages.drain(),
        worker.stop(),
        notifier.stop(),
        pipeline?.stop(),
      ]);
      // In-flight work gets a bounded time; with Redis gone it would wait forever.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      await stores.close();
      await drained;
    },
  };
};
