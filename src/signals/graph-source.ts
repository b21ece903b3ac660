/**
 * The Graph first-contact source, assembled: the two notification routes, the queue they
 * fill, the worker that turns notifications into first-contact signals, and the manager
 * that keeps the subscriptions alive. Built only when GRAPH_NOTIFICATION_URL is set.
 */
import type { Registry } from 'prom-client';
import type { GraphNotificationsConfig } from '../config/graph-config';
import { HelpdeskGuardError } from '../errors';
import type { EventPublisher } from '../events/event-publisher';
import type { GraphClient } from '../graph/create-graph-client';
import { createResourceDecryptor } from '../graph/notifications/decrypt-resource';
import { graphNotificationRoutes } from '../graph/notifications/notification-route';
import { createValidationTokenCheck } from '../graph/notifications/validation-tokens';
import type { CatchUpRequest } from '../graph/subscriptions/run-catch-up';
import type { SubscriptionsHealth } from '../graph/subscriptions/subscription-health';
import { createSubscriptionManager } from '../graph/subscriptions/subscription-manager';
import type { PostRoute } from '../http/server';
import type { Logger } from '../log/logger';
import type { WorkQueue } from '../store/ports';
import type { WorkerIdentity, WorkerPressure } from '../store/queue-worker';
import type { Stores } from '../store/stores';
import type { FirstContactSignal } from './first-contact-signal';
import { bindGraphFirstContactMetrics, createGraphFirstContacts } from './graph';
import { createGraphNotificationWorker, type QueuedGraphNotification } from './graph-notification-worker';
import { bindGraphSourceMetrics } from './graph-source-metrics';

export interface GraphSourceDeps {
  config: GraphNotificationsConfig;
  homeTenantId: string;
  trustedTenantIds: readonly string[];
  /** The bot's app ID: the audience of Graph's validation tokens (rich notifications). */
  appId?: string;
  graph: GraphClient;
  stores: Pick<Stores, 'kv' | 'fenced' | 'dedupe' | 'queue'>;
  signals: Pick<WorkQueue<FirstContactSignal>, 'enqueue'>;
  events: EventPublisher;
  registry: Registry;
  log: Logger;
  /** Told when notifications may have been missed (e.g. the hunting poller runs at once). */
  onGap?: () => void;
  /** This replica's consumer name and heartbeat in the notification queue. */
  identity?: WorkerIdentity;
  /** The HTTP intake's load (src/http/intake-pressure.ts): fewer jobs at once while it saturates the loop. */
  pressure?: WorkerPressure;
}

export interface GraphSource {
  routes: PostRoute[];
  /** Starts the worker and the subscription manager; call once the server listens (Graph validates the URL). */
  start(): void;
  /** Stops the manager and the worker; notifications still in flight after `graceMs` are handed back. */
  stop(graceMs?: number): Promise<unknown>;
  health(): Promise<SubscriptionsHealth>;
}

/**
 * Notifications may have been lost (missed, removed or expired subscription): the detection
 * pipeline hears of the gap, so the Defender poller or an analyst can reconcile it.
 */
const reportGap = (events: EventPublisher, log: Logger) => async (request: CatchUpRequest) => {
  log.warn({ ...request }, 'graph: notifications may have been missed; reconcile from Defender');
  await events.emit({
    EventType: 'GraphNotificationsMissed',
    Severity: 'Medium',
    Source: 'graph',
    ChatThreadId: null,
    VictimAccountObjectId: null,
    VictimUPN: null,
    SenderUPN: null,
    SenderDisplayName: null,
    SenderTenantId: null,
    Details: {
      subscription: request.name,
      resource: request.resource,
      since: request.since,
      reason: request.reason,
    },
  });
};

export const createGraphSource = (deps: GraphSourceDeps): GraphSource => {
  const { config, log } = deps;
  const sourceLog = log.child({ component: 'graph' });
  if (config.rich && !deps.appId)
    throw new HelpdeskGuardError(
      'config_invalid',
      "rich Graph notifications need MicrosoftAppId: it is the audience of Graph's validation tokens",
    );
  const queue = deps.stores.queue<QueuedGraphNotification>('graph-notifications');
  const manager = createSubscriptionManager({
    graph: deps.graph,
    kv: deps.stores.kv,
    fenced: deps.stores.fenced,
    dedupe: deps.stores.dedupe,
    log: sourceLog,
    notificationUrl: config.notificationUrl,
    lifecycleNotificationUrl: config.lifecycleNotificationUrl,
    clientState: config.clientState,
    paymentModel: config.paymentModel,
    includeResourceData: config.rich !== undefined,
    encryptionCertificate: config.rich?.certificate,
    encryptionCertificateId: config.rich?.certificateId,
    catchUp: async (request) => {
      await reportGap(deps.events, sourceLog)(request);
      deps.onGap?.();
    },
  });
  const metrics = bindGraphSourceMetrics(deps.registry, () => manager.health());
  const worker = createGraphNotificationWorker({
    queue,
    signals: deps.signals,
    decrypt: config.rich ? createResourceDecryptor(config.rich.keys) : undefined,
    firstContacts: createGraphFirstContacts({
      graph: deps.graph,
      homeTenantId: deps.homeTenantId,
      trustedTenantIds: deps.trustedTenantIds,
      concurrency: config.lookupConcurrency,
      metrics: bindGraphFirstContactMetrics(deps.registry),
    }),
    noteNotification: (subscriptionId, at) => manager.noteNotification(subscriptionId, at),
    dropped: metrics.unopened,
    log: sourceLog,
    identity: deps.identity,
    pressure: deps.pressure,
  });
  const tokens = createValidationTokenCheck({
    appId: deps.appId ?? '',
    tenantId: deps.homeTenantId,
    jwksUrl: config.jwksUrl,
  });
  const routes = graphNotificationRoutes({
    clientState: config.clientState,
    tenantId: deps.homeTenantId,
    tokens,
    counters: metrics.route,
    log: sourceLog,
    enqueue: (notification) => queue.enqueue({ notification, receivedAt: Date.now() }),
    onLifecycle: (notification) => manager.onLifecycle(notification),
  });
  return {
    routes,
    start: () => {
      worker.start();
      manager.start();
      if (config.rich)
        tokens
          .prefetchKeys()
          .catch((err: unknown) => sourceLog.warn({ err }, 'graph: signing keys not fetched yet'));
    },
    stop: (graceMs?: number) => Promise.allSettled([manager.stop(), worker.stop(graceMs)]),
    health: () => manager.health(),
  };
};
