import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { checkFormCard } from '../../cards/verification-check-form';
import { verificationResultCard } from '../../cards/verification-result';
import { warnedContact } from '../../src/reports/warned-contact';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type VerifyDeps = Pick<Deps, 'verification' | 'firstContacts' | 'log'>;

/**
 * A chat ID from card data counts only if this user was warned about that chat: the
 * card is not trusted, and the ID raises severities and targets the report button.
 */
const trustedChat = async (
  { firstContacts }: Pick<Deps, 'firstContacts'>,
  tenantId: string,
  userId: string,
  chatThreadId?: string,
) => (await warnedContact(firstContacts, tenantId, userId, chatThreadId))?.chatThreadId;

/** Checks a caller's code and says plainly whether the caller is genuine. */
const checkAndDescribe = async (
  deps: VerifyDeps,
  context: TurnContext,
  code: string,
  chatThreadId?: string,
): Promise<AdaptiveCardJson> => {
  const user = activityUser(context.activity);
  if (!user)
    return checkFormCard({
      chatThreadId,
      errorText: UNKNOWN_USER_TEXT,
    });
  const chat = await trustedChat(deps, user.tenantId, user.aadObjectId, chatThreadId);
  const result = await deps.verification.checkCode({
    tenantId: user.tenantId,
    user: { aadObjectId: user.aadObjectId },
    code,
    chatThreadId: chat,
  });
  if (chat && (result.ok || result.reason !== 'malformed')) {
    // The outcome only, never the code: the security card lists the attempts on this chat.
    const outcome = result.ok ? 'genuine' : result.reason;
    await deps.firstContacts.recordVerificationAttempt(user.tenantId, user.aadObjectId, chat, {
      at: Date.now(),
      outcome,
    });
  }
  if (result.ok)
    return verificationResultCard({
      genuine: true,
      staffName: result.issuerName,
      issuedMinutesAgo: result.issuedMinutesAgo,
    });
  if (result.reason === 'malformed') return checkFormCard({ chatThreadId: chat, errorText: result.message });
  return verificationResultCard({ genuine: false, reasonText: result.message, chatThreadId: chat });
};

/** `verify <code>` typed in the chat; plain `verify` shows the form. */
export const verifyCallerText =
  (deps: VerifyDeps) =>
  async (context: TurnContext): Promise<void> => {
    const code = (context.activity.text ?? '')
      .trim()
      .replace(/^verify\b/i, '')
      .trim();
    const card = code ? await checkAndDescribe(deps, context, code) : checkFormCard({});
    await sendCard(context, card, 'Verify a caller');
  };

/** "Verify" on the warning card or the check form: data `{ chatThreadId, code }`. */
export const verifyCallerAction =
  (deps: VerifyDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const code = dataString(data, 'code')?.trim();
    const chatThreadId = dataString(data, 'chatThreadId') || undefined;
    if (!code)
      return {
        card: checkFormCard({ chatThreadId, errorText: 'Type the code the caller gave you, like 482 913.' }),
      };
    return { card: await checkAndDescribe(deps, context, code, chatThreadId) };
  };
