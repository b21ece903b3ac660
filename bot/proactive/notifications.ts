import { reportSecurityCard } from '../../cards/report-security';
import type { Logger } from '../../src/log/logger';
import type { ReportService } from '../../src/reports/report-service';
import type { DedupeStore, UserKey, WorkQueue } from '../../src/store/ports';
import { createQueueWorker } from '../../src/store/queue-worker';
import type { ProactiveSender } from './proactive-sender';
import type { SecurityChannel } from './security-channel';

/** Work that follows a card tap; queued so the tap answers within Teams' 5 s invoke limit. */
export type Notification =
  | { kind: 'security-card'; reportId: string }
  | { kind: 'user-message'; user: UserKey; text: string }
  | { kind: 'channel-message'; text: string };

export interface NotificationDeps {
  queue: WorkQueue<Notification>;
  sender: ProactiveSender;
  reports: Pick<ReportService, 'securityView' | 'setSecurityCardActivityId'>;
  securityChannel: SecurityChannel;
  dedupe: DedupeStore;
  tenantId: string;
  log: Logger;
}

/** Only one replica posts or updates a report's card at a time. */
const CARD_LOCK_MS = 30_000;

/**
 * Delivers queued notifications: the security channel's report cards (one card per report,
 * posted once, then updated in place), feedback to reporters, and channel notices.
 */
export const createNotificationWorker = (deps: NotificationDeps) => {
  const securityCard = async (reportId: string): Promise<boolean> => {
    const reference = await deps.securityChannel.reference();
    if (!reference) {
      deps.log.warn(
        { reportId },
        'report not posted: set SECURITY_CHANNEL_ID and install the bot in that team',
      );
      return true;
    }
    const lock = `security-card:${reportId}`;
    if (!(await deps.dedupe.claim(lock, CARD_LOCK_MS))) return false;
    try {
      let view = await deps.reports.securityView(reportId);
      if (!view) return true;
      const summary = `Reported chat: ${view.report.sender?.displayName ?? view.report.chatThreadId}`;
      if (view.report.securityCardActivityId) {
        const updated = await deps.sender.updateCard(
          reference,
          deps.tenantId,
          view.report.securityCardActivityId,
          reportSecurityCard(view),
          summary,
        );
        return updated.ok || updated.reason !== 'retries_exhausted';
      }
      const posted = await deps.sender.postCard(reference, deps.tenantId, reportSecurityCard(view), summary);
      if (!posted.ok || !posted.activityId) {
        deps.log.error(
          { reportId, reason: posted.ok ? 'no activity id' : posted.reason },
          'could not post the report card',
        );
        return !posted.ok && posted.reason !== 'retries_exhausted';
      }
      const stored = await deps.reports.setSecurityCardActivityId(reportId, posted.activityId);
      // A reporter may have been added while posting: bring the card up to date once.
      if (stored && stored.reporters.length !== view.report.reporters.length) {
        view = await deps.reports.securityView(reportId);
        if (view)
          await deps.sender.updateCard(
            reference,
            deps.tenantId,
            posted.activityId,
            reportSecurityCard(view),
            summary,
          );
      }
      return true;
    } finally {
      await deps.dedupe.release(lock);
    }
  };

  /** True when the notification is done (delivered, or undeliverable for good). */
  const handle = async (notification: Notification): Promise<boolean> => {
    switch (notification.kind) {
      case 'security-card':
        return securityCard(notification.reportId);
      case 'user-message': {
        const outcome = await deps.sender.sendText(notification.user, notification.text);
        if (!outcome.ok)
          deps.log.warn(
            { reason: outcome.reason, aadObjectId: notification.user.aadObjectId },
            'feedback not delivered',
          );
        return outcome.ok || outcome.reason !== 'retries_exhausted';
      }
      case 'channel-message': {
        const reference = await deps.securityChannel.reference();
        if (!reference) {
          deps.log.warn(
            'security notice not posted: SECURITY_CHANNEL_ID unset or bot not installed in its team',
          );
          return true;
        }
        const outcome = await deps.sender.postText(reference, deps.tenantId, notification.text);
        return outcome.ok || outcome.reason !== 'retries_exhausted';
      }
    }
  };

  return createQueueWorker({
    queue: deps.queue,
    consumer: `notify-${process.pid}`,
    concurrency: 8,
    name: 'notifications',
    log: deps.log,
    maxDeliveries: 5,
    handle: (message) => handle(message.body),
    onGiveUp: async (message, reason) => {
      deps.log.error({ kind: message.body.kind, reason }, 'notification given up after 5 tries');
    },
  });
};
