import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { checkFormCard } from '../../cards/verification-check-form';
import { verificationResultCard } from '../../cards/verification-result';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import { checkCallerCode } from '../../src/verification/check-caller-code';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type VerifyDeps = Pick<Deps, 'verification' | 'firstContacts' | 'log' | 'profile'>;

/** Checks a caller's code and says plainly, in the user's language, whether the caller is genuine. */
const checkAndDescribe = async (
  deps: VerifyDeps,
  context: TurnContext,
  t: Translator,
  code: string,
  chatThreadId?: string,
): Promise<AdaptiveCardJson> => {
  const { helpdeskName } = deps.profile;
  const user = activityUser(context.activity);
  if (!user) return checkFormCard(t, { helpdeskName, chatThreadId, errorText: t.t('common.unknownUser') });
  const { result, chatThreadId: chat } = await checkCallerCode(deps, {
    tenantId: user.tenantId,
    userId: user.aadObjectId,
    code,
    chatThreadId,
  });
  if (result.ok)
    return verificationResultCard(t, {
      genuine: true,
      staffName: result.issuerName,
      helpdeskName,
      issuedMinutesAgo: result.issuedMinutesAgo,
    });
  if (result.reason === 'malformed')
    return checkFormCard(t, { helpdeskName, chatThreadId: chat, errorText: t.text(result.message) });
  return verificationResultCard(t, {
    genuine: false,
    reasonText: t.text(result.message),
    chatThreadId: chat,
  });
};

/** `verify <code>` typed in the chat; plain `verify` shows the form. */
export const verifyCallerText =
  (deps: VerifyDeps) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const code = (context.activity.text ?? '')
      .trim()
      .replace(/^verify\b/i, '')
      .trim();
    const card = code
      ? await checkAndDescribe(deps, context, t, code)
      : checkFormCard(t, { helpdeskName: deps.profile.helpdeskName });
    await sendCard(context, card, t.t('verification.checkForm.summary'));
  };

/** "Verify" on the warning card or the check form: data `{ chatThreadId, code }`. */
export const verifyCallerAction =
  (deps: VerifyDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const code = dataString(data, 'code')?.trim();
    const chatThreadId = dataString(data, 'chatThreadId') || undefined;
    if (!code)
      return {
        card: checkFormCard(t, {
          helpdeskName: deps.profile.helpdeskName,
          chatThreadId,
          errorText: t.t('verification.checkForm.typeCode'),
        }),
      };
    return { card: await checkAndDescribe(deps, context, t, code, chatThreadId) };
  };
