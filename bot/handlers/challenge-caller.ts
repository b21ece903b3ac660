import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { challengeCard } from '../../cards/verification-challenge';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import { warnedContact } from '../../src/reports/warned-contact';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type ChallengeDeps = Pick<Deps, 'verification' | 'firstContacts' | 'profile'>;

const challenge = async (
  deps: ChallengeDeps,
  context: TurnContext,
  t: Translator,
  chatThreadId?: string,
): Promise<AdaptiveCardJson | undefined> => {
  const user = activityUser(context.activity);
  if (!user) return undefined;
  // Card data is not trusted: keep the chat only if this user was warned about it.
  const chat = (await warnedContact(deps.firstContacts, user.tenantId, user.aadObjectId, chatThreadId))
    ?.chatThreadId;
  const result = await deps.verification.issueChallenge({
    tenantId: user.tenantId,
    user: { aadObjectId: user.aadObjectId },
    chatThreadId: chat,
  });
  return challengeCard(t, {
    code: result.code,
    validMinutes: result.validMinutes,
    expiresAt: result.expiresAt,
    helpdeskName: deps.profile.helpdeskName,
    chatThreadId: chat,
  });
};

/** Challenge-back from a card: a code for the user to read to the caller. */
export const challengeCallerAction =
  (deps: ChallengeDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const card = await challenge(deps, context, t, dataString(data, 'chatThreadId') || undefined);
    return card
      ? { card }
      : { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
  };

/** `challenge` typed in the chat. */
export const challengeCallerText =
  (deps: ChallengeDeps) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const card = await challenge(deps, context, t);
    if (card) await sendCard(context, card, t.t('verification.challenge.summary'));
    else await context.sendActivity(t.t('common.unknownUser'));
  };
