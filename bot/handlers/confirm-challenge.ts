import type { TurnContext } from 'botbuilder';
import {
  challengeConfirmedCard,
  challengeConfirmedSummary,
} from '../../cards/verification-challenge-confirmed';
import { translatorFor } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import type { Deps } from '../deps';

/**
 * `confirm <code>` by a staff member: the code a user read out proves the staff member
 * is genuine; the user is told proactively, in their own language, who confirmed.
 * Non-staff are refused.
 */
export const confirmChallengeText =
  ({ verification, sender, log, profile }: Pick<Deps, 'verification' | 'sender' | 'log' | 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(profile, context.activity.locale);
    const staff = activityUser(context.activity);
    const code = (context.activity.text ?? '')
      .trim()
      .replace(/^confirm\b/i, '')
      .trim();
    if (!staff || !code) {
      await context.sendActivity(t.t('verification.confirm.howTo'));
      return;
    }
    const name = context.activity.from.name ?? 'IT Helpdesk';
    const result = await verification.confirmChallenge({
      tenantId: staff.tenantId,
      staff: { aadObjectId: staff.aadObjectId, name },
      code,
    });
    if (!result.ok) {
      await context.sendActivity(t.text(result.message));
      return;
    }
    const confirmed = {
      confirmerName: name,
      helpdeskName: profile.helpdeskName,
      issuedMinutesAgo: result.issuedMinutesAgo,
    };
    const outcome = await sender.sendCard(
      { tenantId: result.user.tenantId, aadObjectId: result.user.aadObjectId },
      (locale) => challengeConfirmedCard(translatorFor(profile, locale), confirmed),
      (locale) => challengeConfirmedSummary(translatorFor(profile, locale), confirmed),
    );
    if (!outcome.ok)
      log.warn(
        { reason: outcome.reason, aadObjectId: result.user.aadObjectId },
        'could not tell the user about the confirmation',
      );
    const who = result.user.upn ?? t.t('verification.confirm.theUser');
    await context.sendActivity(
      outcome.ok
        ? t.t('verification.confirm.userTold', { who })
        : t.t('verification.confirm.userUnreachable', { who, reason: outcome.reason }),
    );
  };
