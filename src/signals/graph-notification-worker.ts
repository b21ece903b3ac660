import type { ResourceDecryptor } from '../graph/notifications/decrypt-resource';
import type { ChangeNotification } from '../graph/notifications/notification-schema';
import { openNotification } from '../graph/notifications/open-notification';
import type { Logger } from '../log/logger';
import type { WorkQueue } from '../store/ports';
import {
  createQueueWorker,
  localIdentity,
  type WorkerIdentity,
  type WorkerPressure,
} from '../store/queue-worker';
import type { FirstContactSignal } from './first-contact-signal';
import type { GraphFirstContacts } from './graph';

/** A change notification as the route stored it: still encrypted, with when it arrived. */
export interface QueuedGraphNotification {
  notification: ChangeNotification;
  receivedAt: number;
}

export interface GraphNotificationWorkerDeps {
  queue: WorkQueue<QueuedGraphNotification>;
  /** The intake queue every first-contact source feeds (the webhook's too). */
  signals: Pick<WorkQueue<FirstContactSignal>, 'enqueue'>;
  /** Opens rich notifications; undefined when no key is configured (basic notifications only). */
  decrypt?: ResourceDecryptor;
  firstContacts: Pick<GraphFirstContacts, 'signalsFor'>;
  /** Told of each notification a subscription delivered (subscription health). */
  noteNotification?: (subscriptionId: string, at: number) => Promise<void> | void;
  /** Counts notifications that could not be opened, by reason. */
  dropped?: (reason: string) => void;
  log: Logger;
  /** This replica's consumer name and heartbeat (REPLICA_ID); the pid's otherwise. */
  identity?: WorkerIdentity;
  concurrency?: number;
  /** The HTTP intake's load (src/http/intake-pressure.ts): fewer jobs at once while it saturates the loop. */
  pressure?: WorkerPressure;
}

/** A notification whose chat Graph could not be read this often is given up (and logged). */
const MAX_DELIVERIES = 6;

/**
 * Turns queued Graph notifications into first-contact signals: opens rich notifications,
 * classifies the chat (internal chats end here), reads members where the payload lacks
 * them, and enqueues one signal per home-tenant recipient. A Graph failure leaves the item
 * for another try; a notification that cannot be opened is dropped with its reason.
 */
export const createGraphNotificationWorker = (deps: GraphNotificationWorkerDeps) => {
  const log = deps.log.child({ component: 'graph-notifications' });
  const handle = async ({ body }: { body: QueuedGraphNotification }): Promise<boolean> => {
    const { notification, receivedAt } = body;
    try {
      await deps.noteNotification?.(notification.subscriptionId, receivedAt);
    } catch (err) {
      log.warn({ err }, 'could not note the notification for subscription health');
    }
    if (notification.encryptedContent && !deps.decrypt) {
      deps.dropped?.('no_decryption_key');
      log.warn(
        { subscriptionId: notification.subscriptionId },
        'rich notification dropped: no key configured',
      );
      return true;
    }
    const opened = deps.decrypt
      ? openNotification(deps.decrypt, notification)
      : { ok: true as const, notification };
    if (!opened.ok) {
      deps.dropped?.(opened.reason);
      log.warn(
        { subscriptionId: notification.subscriptionId, reason: opened.reason },
        'notification dropped',
      );
      return true;
    }
    const signals = await deps.firstContacts.signalsFor(
      {
        resource: notification.resource,
        changeType: notification.changeType,
        resourceData: notification.resourceData,
        decrypted: 'resource' in opened ? opened.resource : undefined,
        tenantId: notification.tenantId,
      },
      receivedAt,
    );
    for (const signal of signals) await deps.signals.enqueue(signal);
    if (signals.length > 0)
      log.info(
        { chatThreadId: signals[0].chatThreadId, recipients: signals.length },
        'external first contact from Graph',
      );
    return true;
  };
  return createQueueWorker({
    queue: deps.queue,
    ...(deps.identity ?? localIdentity()),
    concurrency: deps.concurrency ?? 32,
    pressure: deps.pressure,
    handle,
    maxDeliveries: MAX_DELIVERIES,
    onGiveUp: async (message, reason) => {
      deps.dropped?.('gave_up');
      log.error(
        { subscriptionId: message.body.notification.subscriptionId, deliveries: message.deliveries, reason },
        'graph notification given up: the chat could not be read',
      );
    },
    log,
    name: 'graph-notifications',
  });
};
