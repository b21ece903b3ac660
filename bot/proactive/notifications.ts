import { mailBombingWarningCard } from '../../cards/mail-bombing-warning';
import { remoteToolAlertCard, remoteToolAlertData } from '../../cards/remote-tool-alert';
import { remoteToolSecurityCard } from '../../cards/remote-tool-security';
import { reportSecurityCard } from '../../cards/report-security';
import type { CampaignStore } from '../../src/campaigns/campaign-store';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import type { RemoteToolAlerts } from '../../src/hunting/remote-tool-alerts';
import type { Logger } from '../../src/log/logger';
import type { ReportService } from '../../src/reports/report-service';
import type { DedupeStore, UserKey, WorkQueue } from '../../src/store/ports';
import { createQueueWorker, localIdentity, type WorkerIdentity } from '../../src/store/queue-worker';
import type { CampaignCards, CampaignNotification } from './campaign-cards';
import type { ProactiveSender } from './proactive-sender';
import type { SecurityChannel } from './security-channel';

/**
 * Work that follows a card tap or a Defender finding; queued so a tap answers within
 * Teams' 5 s invoke limit and a finding is delivered however long the connector takes.
 */
export type Notification =
  | { kind: 'security-card'; reportId: string }
  | { kind: 'user-message'; user: UserKey; text: string }
  | { kind: 'channel-message'; text: string }
  /** The urgent card to the user whose device ran a remote tool after a warning. */
  | { kind: 'remote-tool-user-card'; alertId: string }
  /** The alert's card in the security channel: posted once, then updated in place. */
  | { kind: 'remote-tool-security-card'; alertId: string }
  /** The mail-bombing pre-warning, before any chat arrives. */
  | { kind: 'mail-bombing-warning'; user: UserKey; messageCount: number; windowMinutes: number }
  /** The campaign card and the campaign's re-warnings (campaign-cards.ts). */
  | CampaignNotification;

export interface NotificationDeps {
  queue: WorkQueue<Notification>;
  sender: ProactiveSender;
  remoteToolAlerts: Pick<RemoteToolAlerts, 'get' | 'setSecurityCardActivityId'>;
  profile: Pick<HelpdeskProfile, 'orgName' | 'helpdeskName' | 'phoneNumbers'>;
  reports: Pick<ReportService, 'securityView' | 'setSecurityCardActivityId'>;
  securityChannel: SecurityChannel;
  /** The campaign card's handlers; a report of a campaign's chat updates that card instead of posting its own. */
  campaigns: {
    cards: Pick<CampaignCards, 'handle'>;
    store: Pick<CampaignStore, 'get'>;
    changed(campaignId: string): Promise<void>;
  };
  dedupe: DedupeStore;
  tenantId: string;
  log: Logger;
  /** This replica's consumer name and heartbeat (REPLICA_ID); the pid's otherwise. */
  identity?: WorkerIdentity;
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
      // A chat of a campaign shows on the campaign's card, not on a card of its own.
      const campaignId = view.report.campaignId;
      if (campaignId && !view.report.securityCardActivityId && (await deps.campaigns.store.get(campaignId))) {
        await deps.campaigns.changed(campaignId);
        return true;
      }
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

  /** Posts the alert's security card, or updates it in place; re-reads once if an answer came meanwhile. */
  const remoteToolSecurityCardOf = async (alertId: string): Promise<boolean> => {
    const reference = await deps.securityChannel.reference();
    if (!reference) {
      deps.log.warn(
        { alertId },
        'remote-tool alert not posted: set SECURITY_CHANNEL_ID and install the bot in that team',
      );
      return true;
    }
    const lock = `remote-tool-card:${alertId}`;
    if (!(await deps.dedupe.claim(lock, CARD_LOCK_MS))) return false;
    try {
      const alert = await deps.remoteToolAlerts.get(alertId);
      if (!alert) return true;
      const summary = `${alert.tool} after a helpdesk warning: ${alert.user.displayName ?? alert.user.upn ?? alert.user.aadObjectId}`;
      if (alert.securityCardActivityId) {
        const updated = await deps.sender.updateCard(
          reference,
          deps.tenantId,
          alert.securityCardActivityId,
          remoteToolSecurityCard(alert),
          summary,
        );
        return updated.ok || updated.reason !== 'retries_exhausted';
      }
      const posted = await deps.sender.postCard(
        reference,
        deps.tenantId,
        remoteToolSecurityCard(alert),
        summary,
      );
      if (!posted.ok || !posted.activityId) {
        deps.log.error(
          { alertId, reason: posted.ok ? 'no activity id' : posted.reason },
          'could not post the remote-tool alert',
        );
        return !posted.ok && posted.reason !== 'retries_exhausted';
      }
      await deps.remoteToolAlerts.setSecurityCardActivityId(alertId, posted.activityId);
      const now = await deps.remoteToolAlerts.get(alertId);
      if (now?.answer && !alert.answer)
        await deps.sender.updateCard(
          reference,
          deps.tenantId,
          posted.activityId,
          remoteToolSecurityCard(now),
          summary,
        );
      return true;
    } finally {
      await deps.dedupe.release(lock);
    }
  };

  /** The urgent card to the user; undeliverable for good (blocked, no reference) is logged, not retried. */
  const remoteToolUserCard = async (alertId: string): Promise<boolean> => {
    const alert = await deps.remoteToolAlerts.get(alertId);
    if (!alert) return true;
    const user = { tenantId: alert.tenantId, aadObjectId: alert.user.aadObjectId };
    const outcome = await deps.sender.sendCard(
      user,
      remoteToolAlertCard(remoteToolAlertData(alert, deps.profile)),
      `Stop: ${alert.tool} started on ${alert.device.name} after a warning`,
    );
    if (!outcome.ok)
      deps.log.error({ alertId, reason: outcome.reason }, 'remote-tool alert not delivered to the user');
    return outcome.ok || outcome.reason !== 'retries_exhausted';
  };

  const mailBombingWarning = async (
    notification: Extract<Notification, { kind: 'mail-bombing-warning' }>,
  ): Promise<boolean> => {
    const outcome = await deps.sender.sendCard(
      notification.user,
      mailBombingWarningCard({
        messageCount: notification.messageCount,
        windowMinutes: notification.windowMinutes,
        helpdeskName: deps.profile.helpdeskName,
        phoneNumbers: deps.profile.phoneNumbers,
      }),
      'Your mailbox is being flooded: a fake helpdesk call may follow',
    );
    if (!outcome.ok)
      deps.log.warn(
        { reason: outcome.reason, aadObjectId: notification.user.aadObjectId },
        'mail-bombing warning not delivered',
      );
    return outcome.ok || outcome.reason !== 'retries_exhausted';
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
      case 'remote-tool-user-card':
        return remoteToolUserCard(notification.alertId);
      case 'remote-tool-security-card':
        return remoteToolSecurityCardOf(notification.alertId);
      case 'mail-bombing-warning':
        return mailBombingWarning(notification);
      case 'campaign-card':
      case 'campaign-rewarn':
        return deps.campaigns.cards.handle(notification);
    }
  };

  return createQueueWorker({
    queue: deps.queue,
    ...(deps.identity ?? localIdentity()),
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
