import type { TurnContext } from 'botbuilder';
import { warningAcknowledgedCard } from '../../cards/warning-acknowledged';
import { warnedContact } from '../../src/reports/warned-contact';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';

/**
 * "I know this person" on a warning: the user vouches for the sender. The chat must be
 * one this user was warned about (the card's data is not trusted); emits UserAcknowledged.
 */
export const acknowledgeSender =
  ({ firstContacts, events, profile, log }: Pick<Deps, 'firstContacts' | 'events' | 'profile' | 'log'>) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    const chatThreadId = dataString(data, 'chatThreadId');
    const warned =
      user && (await warnedContact(firstContacts, user.tenantId, user.aadObjectId, chatThreadId));
    if (!user || !chatThreadId || !warned) {
      log.warn(
        { activityId: context.activity.id, aadObjectId: user?.aadObjectId },
        'acknowledge refused: no warning for this chat',
      );
      return {
        error: { status: 404, code: 'not_found', message: 'I have no warning about that chat for you.' },
      };
    }
    await events.emit({
      EventType: 'UserAcknowledged',
      Severity: 'Medium',
      Source: 'bot',
      ChatThreadId: chatThreadId,
      VictimAccountObjectId: user.aadObjectId,
      VictimUPN: context.activity.from.name ?? null,
      SenderUPN: warned.sender.upn,
      SenderDisplayName: warned.sender.displayName,
      SenderTenantId: warned.sender.tenantId,
      Details: { warnedAt: new Date(warned.warnings[0].at).toISOString() },
    });
    return {
      card: warningAcknowledgedCard({
        senderDisplayName: warned.sender.displayName,
        orgName: profile.orgName,
        helpdeskName: profile.helpdeskName,
      }),
    };
  };
