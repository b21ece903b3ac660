import type { TurnContext } from 'botbuilder';
import { warningAcknowledgedCard } from '../../cards/warning-acknowledged';
import { translatorFor } from '../../src/i18n/translations';
import { acknowledgeWarning } from '../../src/reports/acknowledge-warning';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';

/**
 * "I know this person" on a warning card: src/reports/acknowledge-warning.ts decides
 * whether this user may acknowledge that chat; this answers with the card.
 */
export const acknowledgeSender =
  ({ firstContacts, events, profile, log }: Pick<Deps, 'firstContacts' | 'events' | 'profile' | 'log'>) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(profile, context.activity.locale);
    const user = activityUser(context.activity);
    const result =
      user &&
      (await acknowledgeWarning(
        { firstContacts, events },
        {
          tenantId: user.tenantId,
          userId: user.aadObjectId,
          chatThreadId: dataString(data, 'chatThreadId'),
        },
      ));
    if (!result?.ok) {
      log.warn(
        { activityId: context.activity.id, aadObjectId: user?.aadObjectId },
        'acknowledge refused: no warning for this chat',
      );
      return {
        error: { status: 404, code: 'not_found', message: t.t('warning.acknowledged.notFound') },
      };
    }
    return {
      card: warningAcknowledgedCard(t, {
        senderDisplayName: result.sender.displayName,
        orgName: profile.orgName,
        helpdeskName: profile.helpdeskName,
      }),
    };
  };
