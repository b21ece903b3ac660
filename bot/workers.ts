/**
 * Step two of startBot: the background workers. Each takes its work from a durable queue
 * (the outbox, the first-contact queue, the notification queue) so a request only enqueues.
 */
import { detectionSettingsOf } from '../src/config/helpdesk-profile';
import { createDetector } from '../src/detection';
import { forwardDueNudges, NUDGE_JOBS, type NudgeJob } from '../src/education/nudges';
import { HelpdeskGuardError } from '../src/errors';
import { bindHuntingMetrics } from '../src/hunting/hunting-metrics';
import { createHuntingSource } from '../src/hunting/hunting-source';
import type { HuntingPoller } from '../src/hunting/poller';
import type { HuntingQueryTexts } from '../src/hunting/queries/load-hunting-queries';
import { contextReasons } from '../src/signals/context-reasons';
import type { FirstContactSignal } from '../src/signals/first-contact-signal';
import { createFirstContactWorker } from '../src/signals/first-contact-worker';
import { createGraphSource, type GraphSource } from '../src/signals/graph-source';
import type { WorkQueue } from '../src/store/ports';
import type { WorkerIdentity, WorkerPressure } from '../src/store/queue-worker';
import { createAppInstaller } from './proactive/app-installer';
import { createNotificationWorker, type Notification } from './proactive/notifications';
import { createWarningDelivery } from './proactive/warning-delivery';
import type { Services } from './services';

/** How often due nudges are looked for: a nudge is a day late by design, so a minute is plenty. */
const NUDGE_POLL_MS = 30_000;

export interface Workers {
  /** Where every first-contact source puts its signals. */
  signals: WorkQueue<FirstContactSignal>;
  /** Graph change notifications: routes, worker, subscriptions; when GRAPH_NOTIFICATION_URL is set. */
  graph?: GraphSource;
  /** The Defender hunting poller; when HUNTING_ENABLED=true. */
  hunting?: HuntingPoller;
  /** Hands the nudges due at `now` to the notification queue (every 30 s once started). */
  forwardNudges(now?: number): Promise<number>;
  start(): void;
  /** Stops taking work; resolves when the jobs in flight are done or, after `graceMs`, handed back. */
  stop(graceMs?: number): Promise<unknown>;
}

/**
 * This replica to the queues: REPLICA_ID as the consumer name, and jobs in flight extended
 * four times per claim time, so only a dead replica's jobs are ever taken over.
 */
export const identityOf = ({ replica }: Services['config']): WorkerIdentity => ({
  consumer: replica.id,
  heartbeatMs: Math.max(250, Math.floor(replica.claimIdleMs / 4)),
});

/**
 * The scorer of sender names, from the config and the helpdesk profile: the profile's names,
 * terms, partner helpdesks and threshold (DETECTION_THRESHOLD wins when set), built as
 * `helpdesk-guard score` builds it (detectionSettingsOf).
 */
const detectorOf = ({ config, profile }: Pick<Services, 'config' | 'profile'>) =>
  createDetector({
    homeTenantId: config.homeTenantId,
    trustedTenantIds: config.trustedTenantIds,
    ...detectionSettingsOf(profile, config.detectionThreshold),
  });

/** Warning cards go out proactively; with Graph and a catalog ID, the app is installed first where needed. */
const deliveryOf = ({ config, profile, graph, sender, stores, log }: Services) =>
  createWarningDelivery({
    sender,
    profile,
    publicBaseUrl: config.publicBaseUrl,
    installer:
      graph && config.graph.teamsAppCatalogId
        ? createAppInstaller({
            graph,
            catalogAppId: config.graph.teamsAppCatalogId,
            conversations: stores.conversations,
            log,
          })
        : undefined,
  });

const needsGraph = (setting: string): HelpdeskGuardError =>
  new HelpdeskGuardError(
    'config_invalid',
    `${setting} needs Graph credentials: set MicrosoftAppId and MicrosoftAppPassword (or GRAPH_CLIENT_CERTIFICATE_FILE)`,
  );

/** The hunting poller, over the queries startBot loaded; it needs Graph (ThreatHunting.Read.All). */
const huntingOf = (
  services: Services,
  signals: WorkQueue<FirstContactSignal>,
  queries: HuntingQueryTexts | undefined,
): HuntingPoller | undefined => {
  const { config, graph, stores } = services;
  if (!config.hunting.enabled || !queries) return undefined;
  if (!graph) throw needsGraph('HUNTING_ENABLED');
  const poller = createHuntingSource({
    queries,
    homeTenantId: config.homeTenantId,
    trustedTenantIds: config.trustedTenantIds,
    graph,
    stores,
    signals,
    notifications: stores.queue<Notification>('notifications'),
    events: services.events,
    log: services.log,
    intervalMs: config.hunting.intervalSeconds * 1_000,
    ingestionDelayMs: config.hunting.ingestionDelaySeconds * 1_000,
    mailFloodThreshold: config.hunting.mailFloodThreshold,
  });
  bindHuntingMetrics(services.metrics.registry, () => poller.health());
  return poller;
};

/** The Graph source needs Graph: the bot's credentials, or a test's tokens. */
const graphSourceOf = (
  services: Services,
  signals: WorkQueue<FirstContactSignal>,
  hunting: HuntingPoller | undefined,
  pressure: WorkerPressure | undefined,
): GraphSource | undefined => {
  const { config, graph } = services;
  if (!config.graph.notifications) return undefined;
  if (!graph) throw needsGraph('GRAPH_NOTIFICATION_URL');
  return createGraphSource({
    config: config.graph.notifications,
    homeTenantId: config.homeTenantId,
    trustedTenantIds: config.trustedTenantIds,
    appId: config.bot?.appId,
    graph,
    stores: services.stores,
    signals,
    events: services.events,
    registry: services.metrics.registry,
    log: services.log,
    // Missed notifications: the poller's next run reconciles them from Defender.
    onGap: hunting ? () => hunting.requestRun() : undefined,
    identity: identityOf(config),
    pressure,
  });
};

export interface WorkerOptions {
  huntingQueries?: HuntingQueryTexts;
  /** The HTTP intake's load: the queue workers fed by webhooks take fewer jobs at once while it saturates the loop. */
  pressure?: WorkerPressure;
}

export const buildWorkers = (
  services: Services,
  { huntingQueries, pressure }: WorkerOptions = {},
): Workers => {
  const { config, stores, events, log, pipeline } = services;
  const signals = stores.queue<FirstContactSignal>('first-contact');
  const firstContacts = createFirstContactWorker({
    queue: signals,
    deadLetters: stores.queue('warning-dead-letter'),
    dedupe: stores.dedupe,
    firstContacts: stores.firstContacts,
    detector: detectorOf(services),
    campaigns: services.campaigns.tracker,
    delivery: deliveryOf(services),
    events,
    log,
    context: (signal) => contextReasons({ mailFloods: stores.mailFloods }, signal, Date.now()),
    senderLists: services.senderLists,
    identity: identityOf(config),
    pressure,
  });
  const notifier = createNotificationWorker({
    queue: stores.queue<Notification>('notifications'),
    sender: services.sender,
    reports: services.reports,
    securityChannel: services.securityChannel,
    campaigns: {
      cards: services.campaigns.cards,
      store: stores.campaigns,
      changed: (campaignId) => services.campaigns.outbox.changed(campaignId),
    },
    remoteToolAlerts: stores.remoteToolAlerts,
    profile: services.profile,
    dedupe: stores.dedupe,
    firstContacts: stores.firstContacts,
    publicBaseUrl: config.publicBaseUrl,
    tenantId: config.homeTenantId,
    log,
    identity: identityOf(config),
  });
  const hunting = huntingOf(services, signals, huntingQueries);
  const graph = graphSourceOf(services, signals, hunting, pressure);
  const nudgeJobs = stores.scheduled<NudgeJob>(NUDGE_JOBS);
  const notifications = stores.queue<Notification>('notifications');
  const forwardNudges = (now = Date.now()) =>
    forwardDueNudges(nudgeJobs, (id, job) => notifications.enqueue({ kind: 'nudge', id, job }), now);
  let nudgeTimer: NodeJS.Timeout | undefined;
  return {
    signals,
    graph,
    hunting,
    forwardNudges,
    start: () => {
      nudgeTimer = setInterval(() => {
        forwardNudges().catch((err: unknown) =>
          log.warn({ err }, 'due nudges not handed on; next round retries'),
        );
      }, NUDGE_POLL_MS);
      nudgeTimer.unref();
      pipeline?.start();
      firstContacts.start();
      notifier.start();
      graph?.start();
      hunting?.start();
    },
    stop: (graceMs) => {
      clearInterval(nudgeTimer);
      return Promise.allSettled([
        hunting?.stop(),
        graph?.stop(graceMs),
        firstContacts.stop(graceMs),
        notifier.stop(graceMs),
        pipeline?.stop(),
      ]);
    },
  };
};
