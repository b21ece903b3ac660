/**
 * Step two of startBot: the background workers. Each takes its work from a durable queue
 * (the outbox, the first-contact queue, the notification queue) so a request only enqueues.
 */
import { createCampaignTracker } from '../src/campaigns';
import { createDetector } from '../src/detection';
import type { FirstContactSignal } from '../src/signals/first-contact-signal';
import { createFirstContactWorker } from '../src/signals/first-contact-worker';
import type { WorkQueue } from '../src/store/ports';
import { createAppInstaller } from './proactive/app-installer';
import { createNotificationWorker, type Notification } from './proactive/notifications';
import { createWarningDelivery } from './proactive/warning-delivery';
import type { Services } from './services';

export interface Workers {
  /** Where every first-contact source puts its signals. */
  signals: WorkQueue<FirstContactSignal>;
  start(): void;
  /** Resolves when in-flight work is done. */
  stop(): Promise<unknown>;
}

/** The scorer of sender names, from the config and the helpdesk profile. */
const detectorOf = ({ config, profile }: Pick<Services, 'config' | 'profile'>) =>
  createDetector({
    homeTenantId: config.homeTenantId,
    trustedTenantIds: config.trustedTenantIds,
    orgName: profile.orgName,
    orgDomains: profile.internalDomains,
    helpdeskNames: profile.displayNames,
    threshold: config.detectionThreshold,
  });

/** Warning cards go out proactively; with Graph and a catalog ID, the app is installed first where needed. */
const deliveryOf = ({ config, profile, graph, sender, stores, log }: Services) =>
  createWarningDelivery({
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
  });

export const buildWorkers = (services: Services): Workers => {
  const { config, stores, events, log, pipeline } = services;
  const signals = stores.queue<FirstContactSignal>('first-contact');
  const firstContacts = createFirstContactWorker({
    queue: signals,
    deadLetters: stores.queue('warning-dead-letter'),
    dedupe: stores.dedupe,
    firstContacts: stores.firstContacts,
    detector: detectorOf(services),
    campaigns: createCampaignTracker(stores, config.campaign),
    delivery: deliveryOf(services),
    events,
    log,
  });
  const notifier = createNotificationWorker({
    queue: stores.queue<Notification>('notifications'),
    sender: services.sender,
    reports: services.reports,
    securityChannel: services.securityChannel,
    dedupe: stores.dedupe,
    tenantId: config.homeTenantId,
    log,
  });
  return {
    signals,
    start: () => {
      pipeline?.start();
      firstContacts.start();
      notifier.start();
    },
    stop: () => Promise.allSettled([firstContacts.stop(), notifier.stop(), pipeline?.stop()]),
  };
};
