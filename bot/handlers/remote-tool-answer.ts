import type { TurnContext } from 'botbuilder';
import { remoteToolAlertCard, remoteToolAlertData } from '../../cards/remote-tool-alert';
import { answerRemoteToolAlert } from '../../src/hunting/answer-remote-tool-alert';
import type { RemoteToolAnswer } from '../../src/hunting/remote-tool-alerts';
import { translatorFor } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import { dataString, type CardActionHandler, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

/** What the handler needs. */
export type RemoteToolAnswerDeps = Pick<
  Deps,
  'remoteToolAlerts' | 'events' | 'notifications' | 'profile' | 'log'
>;

/**
 * `not me` / `it was me`, typed: the same answer for the user's latest alert (a keyboard
 * or screen-reader user, or a card that did not render).
 */
export const answerRemoteToolText =
  (deps: RemoteToolAnswerDeps, answer: RemoteToolAnswer) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const user = activityUser(context.activity);
    const alertId = user && (await deps.remoteToolAlerts.latestFor(user.tenantId, user.aadObjectId));
    if (!alertId) {
      await context.sendActivity(t.t('warning.remoteTool.noAlert'));
      return;
    }
    const result = await answerRemoteTool(deps, answer)(context, { alertId });
    if ('card' in result) await sendCard(context, result.card, t.t('warning.remoteTool.answeredSummary'));
    else if ('message' in result) await context.sendActivity(result.message);
    else if ('error' in result) await context.sendActivity(result.error.message);
  };

/**
 * "I did not start this" / "I started this myself" on the remote-tool alert.
 * src/hunting/remote-tool-alerts.ts decides: the alert must be the tapping user's (the
 * card's data is not trusted), the first answer stands and only it emits
 * RemoteToolAnswered. Every accepted tap queues the security card's refresh, so a tap
 * whose enqueue failed heals on the next one; a repeat tap changes nothing else. The
 * answer is the card that replaces the alert.
 */
export const answerRemoteTool =
  (
    { remoteToolAlerts, events, notifications, profile, log }: RemoteToolAnswerDeps,
    answer: RemoteToolAnswer,
  ): CardActionHandler =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(profile, context.activity.locale);
    const user = activityUser(context.activity);
    const alertId = dataString(data, 'alertId');
    const result =
      user &&
      (await answerRemoteToolAlert(
        { alerts: remoteToolAlerts, events },
        { tenantId: user.tenantId, userId: user.aadObjectId, alertId, answer },
      ));
    if (!result?.ok) {
      log.warn(
        { activityId: context.activity.id, aadObjectId: user?.aadObjectId, alertId: alertId?.slice(0, 64) },
        'remote-tool answer refused: no such alert for this user',
      );
      return { error: { status: 404, code: 'not_found', message: t.t('warning.remoteTool.notFound') } };
    }
    await notifications.enqueue({ kind: 'remote-tool-security-card', alertId: result.alert.alertId });
    return {
      card: remoteToolAlertCard(t, {
        ...remoteToolAlertData(result.alert, profile),
        answer: result.answer,
        alreadyAnswered: !result.recorded,
      }),
    };
  };
