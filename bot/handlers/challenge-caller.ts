import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { challengeCard } from '../../cards/verification-challenge';
import { warnedContact } from '../../src/reports/warned-contact';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type ChallengeDeps = Pick<Deps, 'verification' | 'firstContacts'>;

const challenge = async (
  deps: ChallengeDeps,
  context: TurnContext,
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
  return challengeCard({
    code: result.code,
    validMinutes: result.validMinutes,
    expiresAt: result.expiresAt,
    chatThreadId: chat,
  });
};

/** Challenge-back from a card: a code for the user to read to the caller. */
export const challengeCallerAction =
  (deps: ChallengeDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const card = await challenge(deps, context, dataString(data, 'chatThreadId') || undefined);
    return card ? { card } : { error: { status: 400, code: 'user_unknown', message: UNKNOWN_USER_TEXT } };
  };

/** `challenge` typed in the chat. */
export const challengeCallerText =
  (deps: ChallengeDeps) =>
  async (context: TurnContext): Promise<void> => {
    const card = await challenge(deps, context);
    if (card) await sendCard(context, card, 'A code for the caller');
    else await context.sendActivity(UNKNOWN_USER_TEXT);
  };
