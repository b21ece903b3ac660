import type { FirstContactLog } from '../reports/first-contact-log';
import { warnedContact } from '../reports/warned-contact';
import type { CheckCodeResult } from './verification-results';
import type { VerificationService } from './verification-service';

export interface CheckCallerCodeInput {
  tenantId: string;
  /** The user checking the code (Entra object ID). */
  userId: string;
  /** What the user typed: the code the caller gave. */
  code: string;
  /** The chat the card says the caller is in; untrusted until the first-contact log confirms it. */
  chatThreadId?: string;
}

export interface CheckCallerCodeOutcome {
  result: CheckCodeResult;
  /** The chat the check was about: set only when this user was warned about it. */
  chatThreadId?: string;
}

/**
 * A user checks a caller's code. Two decisions live here, not in the Teams handler:
 * - a chat ID from card data counts only if this user was warned about that chat (the
 *   ID raises severities and targets the report button, and the card is not trusted);
 * - an attempt on such a chat is recorded in the first-contact log, outcome only (never
 *   the code), unless the input was not a code at all (`malformed`): the security card
 *   lists real attempts, not typos.
 */
export const checkCallerCode = async (
  deps: { verification: Pick<VerificationService, 'checkCode'>; firstContacts: FirstContactLog },
  input: CheckCallerCodeInput,
): Promise<CheckCallerCodeOutcome> => {
  const { tenantId, userId } = input;
  const chat = (await warnedContact(deps.firstContacts, tenantId, userId, input.chatThreadId))?.chatThreadId;
  const result = await deps.verification.checkCode({
    tenantId,
    user: { aadObjectId: userId },
    code: input.code,
    chatThreadId: chat,
  });
  if (chat && (result.ok || result.reason !== 'malformed')) {
    await deps.firstContacts.recordVerificationAttempt(tenantId, userId, chat, {
      at: Date.now(),
      outcome: result.ok ? 'genuine' : result.reason,
    });
  }
  return { result, chatThreadId: chat };
};
