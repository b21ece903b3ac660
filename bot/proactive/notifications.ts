import { mailBombingWarningCard } from '../../cards/mail-bombing-warning';
import { nudgeCard, nudgeTitle } from '../../cards/nudge';
import { remoteToolAlertCard, remoteToolAlertData } from '../../cards/remote-tool-alert';
import { remoteToolSecurityCard } from '../../cards/remote-tool-security';
import { reportSecurityCard } from '../../cards/report-security';
import type { CampaignStore } from '../../src/campaigns/campaign-store';
import type { HelpdeskProfile } from '../../src/config/helpdesk-profile';
import { actedOn, trickOf, type NudgeJob } from '../../src/education/nudges';
import type { RemoteToolAlerts } from '../../src/hunting/remote-tool-alerts';
import { securityTeamTranslator, translatorFor, type Message } from '../../src/i18n/translations';
import type { Logger } from '../../src/log/logger';
import type { FirstContactLog } from '../../src/reports/first-contact-log';
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
  /** Text for one user, said in the user's language (a plain string from before catalogues). */
  | { kind: 'user-message'; user: UserKey; text: string | Message }
  | { kind: 'channel-message'; text: string }
  /** The urgent card to the user whose device ran a remote tool after a warning. */
  | { kind: 'remote-tool-user-card'; alertId: string }
  /** The alert's card in the security channel: posted once, then updated in place. */
  | { kind: 'remote-tool-security-card'; alertId: string }
  /** The mail-bombing pre-warning, before any chat arrives. */
  | { kind: 'mail-bombing-warning'; user: UserKey; messageCount: number; windowMinutes: number }
  /** One lesson on the trick of a warned chat nobody tapped on (src/education/nudges.ts). */
  | { kind: 'nudge'; id: string; job: NudgeJob }
  /** The campaign card and the campaign's re-warnings (campaign-cards.ts). */
  | CampaignNotification;

export interface NotificationDeps {
  queue: WorkQueue<Notification>;
  sender: ProactiveSender;
  remoteToolAlerts: Pick<RemoteToolAlerts, 'get' | 'setSecurityCardActivityId'>;
  /** Its names and numbers, its message overrides and the security team's language. */
  profile: HelpdeskProfile;
  reports: Pick<ReportService, 'securityView' | 'setSecurityCardActivityId'>;
  securityChannel: SecurityChannel;
  /** The campaign card's handlers; a report of a campaign's chat updates that card instead of posting its own. */
  campaigns: {
    cards: Pick<CampaignCards, 'handle'>;
    store: Pick<CampaignStore, 'get'>;
    changed(campaignId: string): Promise<void>;
  };
  dedupe: DedupeStore;
  /** What a nudge reads: the warned chat, its reasons, whether the user acted on it. */
  firstContacts: Pick<FirstContactLog, 'get'>;
  /** PUBLIC_BASE_URL: the nudge's picture by URL rather than inside the card. */
  publicBaseUrl?: string;
  tenantId: string;
  log: Logger;
  /** This replica's consumer name and heartbeat (REPLICA_ID); the pid's otherwise. */
  identity?: WorkerIdentity;
}

/** A nudge is sent once, however often it is handed on. */
const NUDGE_SENT_MS = 7 * 24 * 3_600_000;

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
      // The channel's card is in the security team's language: everyone there reads the same one.
      const team = securityTeamTranslator(deps.profile);
      const summary = team.t('report.security.summary', {
        name: view.report.sender?.displayName ?? view.report.chatThreadId,
      });
      if (view.report.securityCardActivityId) {
        const updated = await deps.sender.updateCard(
          reference,
          deps.tenantId,
          view.report.securityCardActivityId,
          reportSecurityCard(team, view),
          summary,
        );
        return updated.ok || updated.reason !== 'retries_exhausted';
      }
      const posted = await deps.sender.postCard(
        reference,
        deps.tenantId,
        reportSecurityCard(team, view),
        summary,
      );
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
            reportSecurityCard(team, view),
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
      const t = securityTeamTranslator(deps.profile);
      const summary = t.t('warning.remoteToolSecurity.summary', {
        tool: alert.tool,
        user: alert.user.displayName ?? alert.user.upn ?? alert.user.aadObjectId,
      });
      if (alert.securityCardActivityId) {
        const updated = await deps.sender.updateCard(
          reference,
          deps.tenantId,
          alert.securityCardActivityId,
          remoteToolSecurityCard(t, alert),
          summary,
        );
        return updated.ok || updated.reason !== 'retries_exhausted';
      }
      const posted = await deps.sender.postCard(
        reference,
        deps.tenantId,
        remoteToolSecurityCard(t, alert),
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
          remoteToolSecurityCard(t, now),
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
      (locale) =>
        remoteToolAlertCard(translatorFor(deps.profile, locale), remoteToolAlertData(alert, deps.profile)),
      (locale) =>
        translatorFor(deps.profile, locale).t('warning.remoteTool.summary', {
          tool: alert.tool,
          device: alert.device.name,
        }),
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
      (locale) =>
        mailBombingWarningCard(translatorFor(deps.profile, locale), {
          messageCount: notification.messageCount,
          windowMinutes: notification.windowMinutes,
          helpdeskName: deps.profile.helpdeskName,
          phoneNumbers: deps.profile.phoneNumbers,
        }),
      (locale) => translatorFor(deps.profile, locale).t('warning.mailBombing.summary'),
    );
    if (!outcome.ok)
      deps.log.warn(
        { reason: outcome.reason, aadObjectId: notification.user.aadObjectId },
        'mail-bombing warning not delivered',
      );
    return outcome.ok || outcome.reason !== 'retries_exhausted';
  };

  /** The lesson, unless the user acted on the chat meanwhile (a verification attempt) or was never warned. */
  const nudge = async ({ id, job }: Extract<Notification, { kind: 'nudge' }>): Promise<boolean> => {
    const { user, chatThreadId } = job;
    const entry = await deps.firstContacts.get(user.tenantId, user.aadObjectId, chatThreadId);
    if (!entry || !entry.warnings.some((warning) => warning.delivered) || actedOn(entry)) return true;
    const claim = `nudge-sent:${id}`;
    if (!(await deps.dedupe.claim(claim, NUDGE_SENT_MS))) return true;
    const facts = { sender: entry.sender.displayName, chatThreadId, trick: trickOf(entry.reasons) };
    const outcome = await deps.sender.sendCard(
      user,
      (locale) =>
        nudgeCard(translatorFor(deps.profile, locale), deps.profile, facts, {
          publicBaseUrl: deps.publicBaseUrl,
        }),
      (locale) => nudgeTitle(translatorFor(deps.profile, locale), facts),
    );
    if (outcome.ok) {
      deps.log.info({ aadObjectId: user.aadObjectId, trick: facts.trick }, 'nudge delivered');
      return true;
    }
    deps.log.warn({ reason: outcome.reason, aadObjectId: user.aadObjectId }, 'nudge not delivered');
    if (outcome.reason !== 'retries_exhausted') return true;
    await deps.dedupe.release(claim);
    return false;
  };

  /** True when the notification is done (delivered, or undeliverable for good). */
  const handle = async (notification: Notification): Promise<boolean> => {
    switch (notification.kind) {
      case 'security-card':
        return securityCard(notification.reportId);
      case 'user-message': {
        const { text } = notification;
        const outcome = await deps.sender.sendText(notification.user, (locale) =>
          typeof text === 'string' ? text : translatorFor(deps.profile, locale).text(text),
        );
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
      case 'nudge':
        return nudge(notification);
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
