import type { TurnContext } from 'botbuilder';
import type { CampaignActionInput, CampaignRefusal } from '../../src/campaigns/campaign-actions';
import type { CampaignDecision } from '../../src/campaigns/campaign-store';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import { analystToken, signOutLater } from '../analyst-sign-on';
import { dataString, type CardActionHandler, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';

type CampaignDeps = Pick<Deps, 'campaigns' | 'config' | 'profile' | 'log'>;

/**
 * The tapping analyst's translator: answers only they see (errors, "Removing…") are in their
 * language, while the card itself stays in the security team's (CampaignServices.card).
 */
const analystTranslator = (deps: CampaignDeps, context: TurnContext): Translator =>
  translatorFor(deps.profile, context.activity.locale);

/** Who tapped, on which campaign; or the answer when the tap names neither. */
const inputOf = (
  t: Translator,
  context: TurnContext,
  data: Record<string, unknown>,
): CampaignActionInput | CardActionResult => {
  const user = activityUser(context.activity);
  const campaignId = dataString(data, 'campaignId');
  if (!user) return { error: { status: 400, code: 'user_unknown', message: t.t('common.unknownUser') } };
  if (!campaignId)
    return {
      error: { status: 400, code: 'not_found', message: t.t('security.campaign.actions.noCampaign') },
    };
  return {
    tenantId: user.tenantId,
    campaignId,
    by: { aadObjectId: user.aadObjectId, name: context.activity.from.name ?? 'security team' },
  };
};

const isInput = (value: CampaignActionInput | CardActionResult): value is CampaignActionInput =>
  'campaignId' in value;

/** A refusal as the tap's answer: a stale card is refreshed, anything else is an error. */
const refused = (
  { campaigns, log }: CampaignDeps,
  t: Translator,
  refusal: CampaignRefusal,
  input: CampaignActionInput,
) => {
  if (refusal.reason === 'already_triaged' && refusal.campaign)
    return { card: campaigns.card(refusal.campaign) } satisfies CardActionResult;
  log.warn(
    { reason: refusal.reason, aadObjectId: input.by.aadObjectId, campaignId: input.campaignId },
    'campaign action refused',
  );
  const status = refusal.reason === 'not_authorized' ? 403 : 404;
  return {
    error: { status, code: refusal.errorCode, message: t.text(refusal.message) },
  } satisfies CardActionResult;
};

/** "Confirm malicious" / "Benign" on the campaign card; security team only. */
export const triageCampaign =
  (deps: CampaignDeps, decision: CampaignDecision): CardActionHandler =>
  async (context, data) => {
    const t = analystTranslator(deps, context);
    const input = inputOf(t, context, data);
    if (!isInput(input)) return input;
    const result = await deps.campaigns.actions.triage({ ...input, decision });
    if (!result.ok) return refused(deps, t, result, input);
    return { card: deps.campaigns.card(result.campaign) };
  };

/** "Re-warn users who did not acknowledge"; security team only. */
export const rewarnCampaign =
  (deps: CampaignDeps): CardActionHandler =>
  async (context, data) => {
    const t = analystTranslator(deps, context);
    const input = inputOf(t, context, data);
    if (!isInput(input)) return input;
    const result = await deps.campaigns.actions.rewarn(input);
    if (!result.ok) return refused(deps, t, result, input);
    return { card: deps.campaigns.card(result.campaign) };
  };

/**
 * "Remove the chats for all targets": the analyst signs on (Teams SSO) so Graph acts for
 * them. Membership is checked before any sign-in is asked for. The removals run after the
 * tap is answered (Teams waits 5 s for it); the card shows the outcome when they are done,
 * and the analyst's token is dropped then.
 */
export const removeCampaignChats =
  (deps: CampaignDeps): CardActionHandler =>
  async (context, data) => {
    const t = analystTranslator(deps, context);
    const input = inputOf(t, context, data);
    if (!isInput(input)) return input;
    const allowed = await deps.campaigns.actions.authorize(input);
    if (!allowed.ok) return refused(deps, t, allowed, input);
    const connectionName = deps.config.sso.connectionName;
    if (!connectionName || !deps.campaigns.delegatedGraph)
      return { message: deps.campaigns.removeChatsSetup(t) };
    const token = await analystToken(context, connectionName, deps.log, t);
    if (!token.ok) return token.answer;
    const graph = deps.campaigns.delegatedGraph(token.token);
    const signOut = signOutLater(context, connectionName, deps.log);
    const targets = allowed.campaign.targets.length;
    void deps.campaigns.actions
      .removeChats({ ...input, graph })
      .catch((err: unknown) =>
        deps.log.error({ err, campaignId: input.campaignId }, 'campaign chat removal failed'),
      )
      .finally(signOut);
    return { message: t.t('security.campaign.actions.removing', { count: targets }) };
  };
