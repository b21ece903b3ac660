import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { codeIssuedCard } from '../../cards/verification-code-issued';
import { issueFormCard } from '../../cards/verification-issue-form';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type IssueDeps = Pick<Deps, 'verification'>;

/** Staff only (the service checks): a one-time code bound to one user, shown to the staff member. */
const issue = async (
  deps: IssueDeps,
  context: TurnContext,
  target: string,
): Promise<AdaptiveCardJson | string> => {
  const staff = activityUser(context.activity);
  if (!staff) return UNKNOWN_USER_TEXT;
  const result = await deps.verification.issueCode({
    tenantId: staff.tenantId,
    issuer: { aadObjectId: staff.aadObjectId, name: context.activity.from.name ?? 'IT Helpdesk' },
    target,
  });
  if (!result.ok)
    return result.reason === 'target_not_found'
      ? issueFormCard({ errorText: result.message })
      : result.message;
  return codeIssuedCard({
    code: result.code,
    targetLabel: result.target.upn ?? result.target.displayName ?? result.target.aadObjectId,
    validMinutes: result.validMinutes,
    expiresAt: result.expiresAt,
  });
};

/** `issue code <UPN or object ID>`; plain `issue code` shows the staff form. */
export const issueCodeText =
  (deps: IssueDeps) =>
  async (context: TurnContext): Promise<void> => {
    const target = (context.activity.text ?? '')
      .trim()
      .replace(/^issue\s+code\b/i, '')
      .trim();
    const answer = target ? await issue(deps, context, target) : issueFormCard();
    if (typeof answer === 'string') await context.sendActivity(answer);
    else await sendCard(context, answer, 'Verification code');
  };

/** "Issue code" on the staff form: data `{ target }`. */
export const issueCodeAction =
  (deps: IssueDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const target = dataString(data, 'target')?.trim();
    if (!target) return { card: issueFormCard({ errorText: "Type the user's UPN or Entra object ID." }) };
    const answer = await issue(deps, context, target);
    return typeof answer === 'string' ? { message: answer } : { card: answer };
  };
