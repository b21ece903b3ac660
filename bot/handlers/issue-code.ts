import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { codeIssuedCard } from '../../cards/verification-code-issued';
import { issueFormCard } from '../../cards/verification-issue-form';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type IssueDeps = Pick<Deps, 'verification' | 'profile'>;

/** Staff only (the service checks): a one-time code bound to one user, shown to the staff member. */
const issue = async (
  deps: IssueDeps,
  context: TurnContext,
  t: Translator,
  target: string,
): Promise<AdaptiveCardJson | string> => {
  const staff = activityUser(context.activity);
  if (!staff) return t.t('common.unknownUser');
  const result = await deps.verification.issueCode({
    tenantId: staff.tenantId,
    issuer: { aadObjectId: staff.aadObjectId, name: context.activity.from.name ?? 'IT Helpdesk' },
    target,
  });
  if (!result.ok)
    return result.reason === 'target_not_found'
      ? issueFormCard(t, { errorText: t.text(result.message) })
      : t.text(result.message);
  return codeIssuedCard(t, {
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
    const t = translatorFor(deps.profile, context.activity.locale);
    const target = (context.activity.text ?? '')
      .trim()
      .replace(/^issue\s+code\b/i, '')
      .trim();
    const answer = target ? await issue(deps, context, t, target) : issueFormCard(t);
    if (typeof answer === 'string') await context.sendActivity(answer);
    else await sendCard(context, answer, t.t('verification.codeIssued.summary'));
  };

/** "Issue code" on the staff form: data `{ target }`. */
export const issueCodeAction =
  (deps: IssueDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const t = translatorFor(deps.profile, context.activity.locale);
    const target = dataString(data, 'target')?.trim();
    if (!target) return { card: issueFormCard(t, { errorText: t.t('verification.issueForm.typeTarget') }) };
    const answer = await issue(deps, context, t, target);
    return typeof answer === 'string' ? { message: answer } : { card: answer };
  };
