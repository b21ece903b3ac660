import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { checkFormCard } from '../../cards/verification-check-form';
import { verificationResultCard } from '../../cards/verification-result';
import { checkCallerCode } from '../../src/verification/check-caller-code';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type VerifyDeps = Pick<Deps, 'verification' | 'firstContacts' | 'log'>;

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
  const { result, chatThreadId: chat } = await checkCallerCode(deps, {
    tenantId: user.tenantId,
    userId: user.aadObjectId,
    code,
    chatThreadId,
  });
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
