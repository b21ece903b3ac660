import type { TurnContext } from 'botbuilder';
import { challengeConfirmedCard } from '../../cards/verification-challenge-confirmed';
import { activityUser } from '../activity-user';
import type { Deps } from '../deps';

/**
 * `confirm <code>` by a staff member: the code a user read out proves the staff member
 * is genuine; the user is told proactively who confirmed. Non-staff are refused.
 */
export const confirmChallengeText =
  ({ verification, sender, log }: Pick<Deps, 'verification' | 'sender' | 'log'>) =>
  async (context: TurnContext): Promise<void> => {
    const staff = activityUser(context.activity);
    const code = (context.activity.text ?? '')
      .trim()
      .replace(/^confirm\b/i, '')
      .trim();
    if (!staff || !code) {
      await context.sendActivity(
        'Type **confirm** followed by the code the user read to you, like `confirm 482 913`.',
      );
      return;
    }
    const name = context.activity.from.name ?? 'IT Helpdesk';
    const result = await verification.confirmChallenge({
      tenantId: staff.tenantId,
      staff: { aadObjectId: staff.aadObjectId, name },
      code,
    });
    if (!result.ok) {
      await context.sendActivity(result.message);
      return;
    }
    const outcome = await sender.sendCard(
      { tenantId: result.user.tenantId, aadObjectId: result.user.aadObjectId },
      challengeConfirmedCard({ confirmerName: name, issuedMinutesAgo: result.issuedMinutesAgo }),
      `${name} confirmed your code`,
    );
    if (!outcome.ok)
      log.warn(
        { reason: outcome.reason, aadObjectId: result.user.aadObjectId },
        'could not tell the user about the confirmation',
      );
    const who = result.user.upn ?? 'the user';
    await context.sendActivity(
      outcome.ok
        ? `Confirmed. I told ${who} that you are genuine.`
        : `Confirmed, but I could not reach ${who} in Teams (${outcome.reason}); tell them on the call that the code matched.`,
    );
  };
