import type { TurnContext } from 'botbuilder';
import { reportSecurityCard } from '../../cards/report-security';
import { securityTeamTranslator, translatorFor } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import { dataString, type CardActionHandler, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';

type Decision = 'malicious' | 'benign' | 'remove';

/**
 * A triage tap on the security card, for members of SECURITY_TEAM_IDS (the service checks,
 * from the tapping user, never the card). The card refreshes in place, in the security
 * team's language (everyone in the channel reads it); refusals are in the tapper's. The
 * reporters hear back through the notification queue, each in their own language.
 */
export const triageReport =
  (
    { reports, notifications, log, profile }: Pick<Deps, 'reports' | 'notifications' | 'log' | 'profile'>,
    decision: Decision,
  ): CardActionHandler =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(profile, context.activity.locale);
    const team = securityTeamTranslator(profile);
    const user = activityUser(context.activity);
    const reportId = dataString(data, 'reportId');
    if (!user) return { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
    if (!reportId)
      return { error: { status: 400, code: 'report_unknown', message: t.t('report.triage.noReport') } };
    const result = await reports.triage({
      tenantId: user.tenantId,
      reportId,
      // The name is stored with the decision and shown on the card; Teams nearly always sends one.
      by: { aadObjectId: user.aadObjectId, name: context.activity.from.name ?? 'security team' },
      decision,
    });
    if (!result.ok) {
      if (result.reason === 'already_triaged') {
        const view = await reports.securityView(reportId);
        return view ? { card: reportSecurityCard(team, view) } : { message: t.text(result.message) };
      }
      log.warn({ reason: result.reason, aadObjectId: user.aadObjectId, reportId }, 'triage refused');
      const status = result.reason === 'not_authorized' ? 403 : result.reason === 'not_found' ? 404 : 400;
      return { error: { status, code: result.reason, message: t.text(result.message) } };
    }
    await Promise.all(
      result.feedback.map((feedback) =>
        notifications.enqueue({ kind: 'user-message', user: feedback.user, text: feedback.text }),
      ),
    );
    const view = await reports.securityView(reportId);
    return view ? { card: reportSecurityCard(team, view) } : { message: t.t('report.triage.recorded') };
  };
