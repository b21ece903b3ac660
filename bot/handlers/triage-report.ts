import type { TurnContext } from 'botbuilder';
import { reportSecurityCard } from '../../cards/report-security';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionHandler, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';

type Decision = 'malicious' | 'benign' | 'remove';

/**
 * A triage tap on the security card, for members of SECURITY_TEAM_IDS (the service checks,
 * from the tapping user, never the card). The card refreshes in place; the reporters hear
 * back through the notification queue.
 */
export const triageReport =
  (
    { reports, notifications, log }: Pick<Deps, 'reports' | 'notifications' | 'log'>,
    decision: Decision,
  ): CardActionHandler =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    const reportId = dataString(data, 'reportId');
    if (!user) return { error: { status: 400, code: 'user_unknown', message: UNKNOWN_USER_TEXT } };
    if (!reportId)
      return { error: { status: 400, code: 'report_unknown', message: 'This card does not name a report.' } };
    const result = await reports.triage({
      tenantId: user.tenantId,
      reportId,
      by: { aadObjectId: user.aadObjectId, name: context.activity.from.name ?? 'security team' },
      decision,
    });
    if (!result.ok) {
      if (result.reason === 'already_triaged') {
        const view = await reports.securityView(reportId);
        return view ? { card: reportSecurityCard(view) } : { message: result.message };
      }
      log.warn({ reason: result.reason, aadObjectId: user.aadObjectId, reportId }, 'triage refused');
      const status = result.reason === 'not_authorized' ? 403 : result.reason === 'not_found' ? 404 : 400;
      return { error: { status, code: result.reason, message: result.message } };
    }
    await Promise.all(
      result.feedback.map((feedback) =>
        notifications.enqueue({ kind: 'user-message', user: feedback.user, text: feedback.text }),
      ),
    );
    const view = await reports.securityView(reportId);
    return view ? { card: reportSecurityCard(view) } : { message: 'Decision recorded.' };
  };
