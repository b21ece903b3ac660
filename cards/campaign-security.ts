import { Template } from 'adaptivecards-templating';
import {
  blockingInstructions,
  campaignHuntingQuery,
  DEFAULT_QUERY_CAPS,
  defenderHuntingUrl,
  targetsMostSeriousFirst,
  targetState,
  type QueryCaps,
  type TargetState,
} from '../src/campaigns/campaign-guidance';
import type { CampaignActionRecord, CampaignRecord, CampaignTarget } from '../src/campaigns/campaign-store';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './campaign-security.json';
import {
  CAMPAIGN_BENIGN_VERB,
  CAMPAIGN_MALICIOUS_VERB,
  CAMPAIGN_REMOVE_CHATS_VERB,
  CAMPAIGN_REWARN_VERB,
} from './campaign-verbs';
import { cardDateTime, countOf, plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** Targets listed by name; with the query and the rest this keeps 2,000 targets near 23 KB. */
export const MAX_LISTED_TARGETS = 40;
const MAX_LISTED_SENDERS = 5;
/** Display names are the attacker's choice, up to 256 characters each. */
const MAX_NAME_CHARS = 80;
const MAX_LISTED_DOMAINS = 10;
/** The latest actions shown; a campaign's history rarely has more. */
const MAX_HISTORY_LINES = 10;

export interface CampaignSecurityCardOptions {
  /** The bot can remove chat members through Graph. */
  canRemoveChats: boolean;
  /** Under "Set up chat removal" when canRemoveChats is false: what an administrator sets up. */
  removeChatsSetup: string;
  /** ms since the epoch: the card says when it was last updated. */
  now: number;
}

/** The template's data: every string already formatted, so the template only places it. */
export interface CampaignSecurityCardData {
  campaignId: string;
  title: string;
  statusText: string;
  statusColor: 'Attention' | 'Good';
  statusStyle: 'attention' | 'good';
  sendersText: string;
  senderTenant: string;
  domainsText: string;
  firstContact: string;
  lastContact: string;
  countsText: string;
  targetsHeading: string;
  targets: Array<{ text: string }>;
  /** Empty when every target is listed. */
  moreTargetsText: string;
  history: Array<{ text: string }>;
  isOpen: boolean;
  canRewarn: boolean;
  canRemoveChats: boolean;
  hasCampaignActions: boolean;
  removeChatsSetup: string;
  blockingSteps: Array<{ title: string; lines: Array<{ text: string }> }>;
  huntingUrl: string;
  huntingHint: string;
  huntingQuery: string;
  updatedText: string;
  verbs: { malicious: string; benign: string; rewarn: string; removeChats: string };
}

/** Each state in words, as the card lists a target and counts them. */
export const TARGET_STATE_WORDS: Readonly<Record<TargetState, string>> = {
  remote_tool: 'Remote tool started',
  reported: 'Reported',
  verified: 'Verified a code',
  acknowledged: 'Acknowledged ("I know this person")',
  warned: 'Warned',
  warning_failed: 'Warning failed',
  contacted: 'Contacted, not warned yet',
};

/** Counted per flag: a user who reported was warned first and counts in both. */
const COUNTS: ReadonlyArray<[keyof CampaignTarget['flags'], string, 'always' | 'when_any']> = [
  ['warned', 'Warned', 'always'],
  ['acknowledged', 'Acknowledged', 'always'],
  ['verified', 'Verified', 'always'],
  ['reported', 'Reported', 'always'],
  ['remote_tool', 'Remote tool', 'always'],
  ['warning_failed', 'Warning failed', 'always'],
  ['verification_failed', 'Wrong code', 'when_any'],
  ['rewarned', 'Re-warned', 'when_any'],
  ['chat_removed', 'Chat removed', 'when_any'],
];

/** How much the card lists and the query names; smaller fits serve campaigns with very long names. */
interface Fit {
  listed: number;
  query: Readonly<QueryCaps>;
}
const FITS: readonly Fit[] = [
  { listed: MAX_LISTED_TARGETS, query: DEFAULT_QUERY_CAPS },
  { listed: 20, query: { chats: 30, targets: 30 } },
  { listed: 10, query: { chats: 10, targets: 10 } },
];
/** Teams refuses a card over about 28 KB; keep a margin for the activity around it. */
export const CARD_BUDGET_BYTES = 27_000;

const nameText = (name: string): string => {
  const chars = Array.from(name);
  return plainText(chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…` : name);
};
const people = (n: number): string => `${n} ${n === 1 ? 'person' : 'people'}`;
const andMore = (total: number, shown: number): string => (total > shown ? ` and ${total - shown} more` : '');

const countsText = (targets: readonly CampaignTarget[]): string =>
  COUNTS.flatMap(([flag, words, when]) => {
    const n = targets.filter((target) => target.flags[flag] !== undefined).length;
    return when === 'always' || n > 0 ? [`${words} ${n}`] : [];
  }).join(' · ');

const targetLine = (target: CampaignTarget): string => {
  const markers = [
    ...(target.flags.verification_failed !== undefined ? ['checked a wrong code'] : []),
    ...(target.flags.rewarned !== undefined ? ['re-warned'] : []),
    ...(target.flags.chat_removed !== undefined ? ['chat removed'] : []),
  ];
  return [
    `${plainText(target.upn ?? target.aadObjectId)}: ${TARGET_STATE_WORDS[targetState(target)]}`,
    ...markers,
  ].join(' · ');
};

const historyLine = (action: CampaignActionRecord): string => {
  const who = `${plainText(action.by.name)}, ${cardDateTime(action.at)}`;
  if (action.action === 'rewarn') return `Re-warned ${countOf(action.count, 'user')} — ${who}`;
  const failed = action.failed ? ` (${action.failed} failed)` : '';
  return `Chats removed for ${countOf(action.count, 'user')}${failed} — ${who}`;
};

const status = (
  campaign: CampaignRecord,
): Pick<CampaignSecurityCardData, 'statusText' | 'statusColor' | 'statusStyle'> => {
  if (campaign.status === 'open')
    return { statusText: 'Open: waiting for triage', statusColor: 'Attention', statusStyle: 'attention' };
  const by = campaign.triage
    ? ` by ${plainText(campaign.triage.by.name)}, ${cardDateTime(campaign.triage.at)}`
    : '';
  return campaign.status === 'malicious'
    ? { statusText: `Confirmed malicious${by}`, statusColor: 'Attention', statusStyle: 'attention' }
    : { statusText: `Marked benign${by}`, statusColor: 'Good', statusStyle: 'good' };
};

const senderWho = (campaign: CampaignRecord): string => {
  const [first, ...others] = campaign.senders;
  if (first === undefined)
    return campaign.senderTenantId ? `tenant ${campaign.senderTenantId}` : 'an unknown sender';
  return `${nameText(first.displayName)}${others.length > 0 ? ` and ${countOf(others.length, 'other account')}` : ''}`;
};

const cardData = (
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
  fit: Fit,
): CampaignSecurityCardData => {
  const ordered = targetsMostSeriousFirst(campaign.targets);
  const listed = ordered.slice(0, fit.listed);
  const unlisted = ordered.length - listed.length;
  const huntingQuery = campaignHuntingQuery(campaign, fit.query);
  const isOpen = campaign.status === 'open';
  const canRewarn = campaign.status !== 'benign';
  const history = campaign.actions.slice(-MAX_HISTORY_LINES).map((action) => ({ text: historyLine(action) }));
  const earlier = campaign.actions.length - history.length;
  return {
    campaignId: campaign.campaignId,
    title: `Campaign: ${people(ordered.length)} contacted by ${senderWho(campaign)}`,
    ...status(campaign),
    sendersText:
      campaign.senders.length === 0
        ? 'unknown'
        : campaign.senders
            .slice(0, MAX_LISTED_SENDERS)
            .map((sender) => `${nameText(sender.displayName)} (${plainText(sender.upn ?? 'no UPN')})`)
            .join('; ') + andMore(campaign.senders.length, MAX_LISTED_SENDERS),
    senderTenant: campaign.senderTenantId ?? 'unknown',
    domainsText:
      campaign.domains.length === 0
        ? 'none known'
        : campaign.domains.slice(0, MAX_LISTED_DOMAINS).map(plainText).join(', ') +
          andMore(campaign.domains.length, MAX_LISTED_DOMAINS),
    firstContact: cardDateTime(campaign.firstContactAt),
    lastContact: cardDateTime(campaign.lastContactAt),
    countsText: countsText(ordered),
    targetsHeading: `Targets, most serious first (${ordered.length})`,
    targets: listed.map((target) => ({ text: targetLine(target) })),
    moreTargetsText:
      unlisted === 0
        ? ''
        : ordered.length <= fit.query.targets
          ? `and ${unlisted} more (all in the hunting query)`
          : `and ${unlisted} more (the hunting query covers the ${fit.query.targets} most serious)`,
    history: [
      ...(earlier > 0 ? [{ text: `${countOf(earlier, 'earlier action')} not shown` }] : []),
      ...history,
    ],
    isOpen,
    canRewarn,
    canRemoveChats: options.canRemoveChats,
    hasCampaignActions: isOpen || canRewarn || options.canRemoveChats,
    removeChatsSetup: options.removeChatsSetup,
    blockingSteps: blockingInstructions(campaign).steps.map((step) => ({
      title: step.title,
      lines: step.text.split('\n').map((line) => ({ text: plainText(line) })),
    })),
    huntingUrl: defenderHuntingUrl(huntingQuery),
    huntingHint:
      'Defender XDR advanced hunting, last 30 days: the chats, their creation and remote tools on the targets’ devices.',
    // Shown in a TextBlock, which renders markdown; the link carries the query unchanged.
    huntingQuery: plainText(huntingQuery),
    updatedText: `Updated ${cardDateTime(options.now)}`,
    verbs: {
      malicious: CAMPAIGN_MALICIOUS_VERB,
      benign: CAMPAIGN_BENIGN_VERB,
      rewarn: CAMPAIGN_REWARN_VERB,
      removeChats: CAMPAIGN_REMOVE_CHATS_VERB,
    },
  };
};

/** Formats a campaign for the security card, listing up to MAX_LISTED_TARGETS targets. */
export const campaignSecurityCardData = (
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
): CampaignSecurityCardData => cardData(campaign, options, FITS[0]);

/**
 * The security channel's one card per campaign: who the attacker is, how many people they
 * reached and what each did since (most serious first, at most MAX_LISTED_TARGETS by
 * name), the analysts' actions, and the actions (verbs in campaign-verbs.ts, data
 * `{ campaignId }`): triage while open, re-warning while not benign, chat removal when
 * Graph allows it (otherwise `removeChatsSetup` says what to set up), blocking
 * instructions, and the hunting query with a link to run it. When very long names would take
 * the card past CARD_BUDGET_BYTES it lists fewer targets and names fewer in the query, so an
 * attacker cannot keep the card from being posted. Post it once per campaign and update it
 * in place (CampaignRecord.securityCardActivityId).
 */
export const campaignSecurityCard = (
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
): AdaptiveCardJson => {
  const expand = (fit: Fit): AdaptiveCardJson =>
    compiled.expand({ $root: cardData(campaign, options, fit) }) as AdaptiveCardJson;
  for (const fit of FITS.slice(0, -1)) {
    const card = expand(fit);
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= CARD_BUDGET_BYTES) return card;
  }
  return expand(FITS[FITS.length - 1]);
};
