import type { EventPublisher } from '../events/event-publisher';
import type { ContactSender, FirstContactLog } from './first-contact-log';
import { warnedContact } from './warned-contact';

export interface AcknowledgeInput {
  tenantId: string;
  /** The user tapping "I know this person" (Entra object ID). */
  userId: string;
  /** The chat the card names; untrusted until the first-contact log confirms it. */
  chatThreadId?: string;
}

export type AcknowledgeResult = { ok: true; sender: ContactSender } | { ok: false; reason: 'not_warned' };

/**
 * "I know this person": the user vouches for a sender. Allowed only for a chat this user
 * was warned about (the card's data is not trusted); emits UserAcknowledged with the
 * sender as the warning named it.
 */
export const acknowledgeWarning = async (
  deps: { firstContacts: Pick<FirstContactLog, 'get'>; events: EventPublisher },
  input: AcknowledgeInput,
): Promise<AcknowledgeResult> => {
  const warned = await warnedContact(deps.firstContacts, input.tenantId, input.userId, input.chatThreadId);
  if (!warned) return { ok: false, reason: 'not_warned' };
  await deps.events.emit({
    EventType: 'UserAcknowledged',
    Severity: 'Medium',
    Source: 'bot',
    ChatThreadId: warned.chatThreadId,
    VictimAccountObjectId: input.userId,
    // The UPN the signal named; Teams' from.name is a display name, which would break UPN joins.
    VictimUPN: warned.recipientUpn ?? null,
    SenderUPN: warned.sender.upn,
    SenderDisplayName: warned.sender.displayName,
    SenderTenantId: warned.sender.tenantId,
    Details: { warnedAt: new Date(warned.warnings[0].at).toISOString() },
  });
  return { ok: true, sender: warned.sender };
};
