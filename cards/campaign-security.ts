import { Template } from 'adaptivecards-templating';
import {
  blockingInstructions,
  campaignHuntingQuery,
  DEFAULT_QUERY_CAPS,
  defenderHuntingUrl,
  targetsMostSeriousFirst,
  targetState,
  type BlockingStep,
  type QueryCaps,
  type TargetState,
} from '../src/campaigns/campaign-guidance';
import type { CampaignActionRecord, CampaignRecord, CampaignTarget } from '../src/campaigns/campaign-store';
import type { MessageKey, TextSection, Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './campaign-security.json';
import {
  CAMPAIGN_BENIGN_VERB,
  CAMPAIGN_MALICIOUS_VERB,
  CAMPAIGN_REMOVE_CHATS_VERB,
  CAMPAIGN_REWARN_VERB,
} from './campaign-verbs';
import { cardDateTime, plainText } from './report-format';

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
  /** Under "Set up chat removal" when canRemoveChats is false: what an administrator sets up (in the card's language). */
  removeChatsSetup: string;
  /** ms since the epoch: the card says when it was last updated. */
  now: number;
}

/** The template's data: every string already formatted, so the template only places it. */
export interface CampaignSecurityCardData {
  campaignId: string;
  /** The card's fixed texts (security.campaign.card), in the card's language. */
  t: TextSection;
  title: string;
  statusText: string;
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
  huntingQuery: string;
  updatedText: string;
  verbs: { malicious: string; benign: string; rewarn: string; removeChats: string };
}

/** Each state's words in the catalogue, as the card lists a target and counts them. */
export const TARGET_STATE_KEYS: Readonly<Record<TargetState, MessageKey>> = {
  remote_tool: 'security.campaign.states.remoteTool',
  reported: 'security.campaign.states.reported',
  verified: 'security.campaign.states.verified',
  acknowledged: 'security.campaign.states.acknowledged',
  warned: 'security.campaign.states.warned',
  warning_failed: 'security.campaign.states.warningFailed',
  contacted: 'security.campaign.states.contacted',
};

/** Counted per flag: a user who reported was warned first and counts in both. */
const COUNTS: ReadonlyArray<[keyof CampaignTarget['flags'], MessageKey, 'always' | 'when_any']> = [
  ['warned', 'security.campaign.counts.warned', 'always'],
  ['acknowledged', 'security.campaign.counts.acknowledged', 'always'],
  ['verified', 'security.campaign.counts.verified', 'always'],
  ['reported', 'security.campaign.counts.reported', 'always'],
  ['remote_tool', 'security.campaign.counts.remoteTool', 'always'],
  ['warning_failed', 'security.campaign.counts.warningFailed', 'always'],
  ['verification_failed', 'security.campaign.counts.wrongCode', 'when_any'],
  ['rewarned', 'security.campaign.counts.rewarned', 'when_any'],
  ['chat_removed', 'security.campaign.counts.chatRemoved', 'when_any'],
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

/** The first `max` items joined, and "and N more" when there are more. */
const listed = (t: Translator, items: string[], max: number, separator: string): string => {
  const list = items.slice(0, max).join(separator);
  return items.length > max
    ? t.t('security.campaign.text.listAndMore', { list, n: items.length - max })
    : list;
};

const countsText = (t: Translator, targets: readonly CampaignTarget[]): string =>
  COUNTS.flatMap(([flag, key, when]) => {
    const n = targets.filter((target) => target.flags[flag] !== undefined).length;
    return when === 'always' || n > 0 ? [t.t(key, { n })] : [];
  }).join(' · ');

const targetLine = (t: Translator, target: CampaignTarget): string => {
  const markers = [
    ...(target.flags.verification_failed !== undefined ? [t.t('security.campaign.markers.wrongCode')] : []),
    ...(target.flags.rewarned !== undefined ? [t.t('security.campaign.markers.rewarned')] : []),
    ...(target.flags.chat_removed !== undefined ? [t.t('security.campaign.markers.chatRemoved')] : []),
  ];
  return [
    t.t('security.campaign.text.targetLine', {
      who: plainText(target.upn ?? target.aadObjectId),
      state: t.t(TARGET_STATE_KEYS[targetState(target)]),
    }),
    ...markers,
  ].join(' · ');
};

const historyLine = (t: Translator, action: CampaignActionRecord): string => {
  const by = t.t('security.campaign.text.historyBy', {
    name: plainText(action.by.name),
    at: cardDateTime(action.at),
  });
  if (action.action === 'rewarn')
    return t.t('security.campaign.text.historyRewarn', { count: action.count, by });
  return action.failed
    ? t.t('security.campaign.text.historyRemovedFailed', { count: action.count, failed: action.failed, by })
    : t.t('security.campaign.text.historyRemoved', { count: action.count, by });
};

const status = (
  t: Translator,
  campaign: CampaignRecord,
): Pick<CampaignSecurityCardData, 'statusText' | 'statusStyle'> => {
  if (campaign.status === 'open')
    return {
      statusText: t.t('security.campaign.text.statusOpen'),
      statusStyle: 'attention',
    };
  const by = campaign.triage && {
    name: plainText(campaign.triage.by.name),
    at: cardDateTime(campaign.triage.at),
  };
  return campaign.status === 'malicious'
    ? {
        statusText: by
          ? t.t('security.campaign.text.statusMaliciousBy', by)
          : t.t('security.campaign.text.statusMalicious'),
        statusStyle: 'attention',
      }
    : {
        statusText: by
          ? t.t('security.campaign.text.statusBenignBy', by)
          : t.t('security.campaign.text.statusBenign'),
        statusStyle: 'good',
      };
};

const senderWho = (t: Translator, campaign: CampaignRecord): string => {
  const [first, ...others] = campaign.senders;
  if (first === undefined)
    return campaign.senderTenantId
      ? t.t('security.campaign.text.tenant', { tenantId: campaign.senderTenantId })
      : t.t('security.campaign.text.unknownSender');
  return others.length > 0
    ? t.t('security.campaign.text.senderAndOthers', {
        name: nameText(first.displayName),
        count: others.length,
      })
    : nameText(first.displayName);
};

/** A blocking step's prose in the card's language; its commands and values as they are. */
const blockingStepOf = (
  t: Translator,
  step: BlockingStep,
): { title: string; lines: Array<{ text: string }> } => ({
  title: t.text(step.title),
  lines: step.lines.map((line) => ({ text: plainText(typeof line === 'string' ? line : t.text(line)) })),
});

const cardData = (
  t: Translator,
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
  fit: Fit,
): CampaignSecurityCardData => {
  const ordered = targetsMostSeriousFirst(campaign.targets);
  const shown = ordered.slice(0, fit.listed);
  const unlisted = ordered.length - shown.length;
  const huntingQuery = campaignHuntingQuery(campaign, fit.query);
  const isOpen = campaign.status === 'open';
  const canRewarn = campaign.status !== 'benign';
  const history = campaign.actions
    .slice(-MAX_HISTORY_LINES)
    .map((action) => ({ text: historyLine(t, action) }));
  const earlier = campaign.actions.length - history.length;
  const unknown = t.t('security.campaign.text.unknown');
  return {
    campaignId: campaign.campaignId,
    t: t.section('security.campaign.card'),
    title: t.t('security.campaign.text.title', { count: ordered.length, who: senderWho(t, campaign) }),
    ...status(t, campaign),
    sendersText:
      campaign.senders.length === 0
        ? unknown
        : listed(
            t,
            campaign.senders.map((sender) =>
              t.t('security.campaign.text.senderWithUpn', {
                name: nameText(sender.displayName),
                upn: plainText(sender.upn ?? t.t('security.campaign.text.noUpn')),
              }),
            ),
            MAX_LISTED_SENDERS,
            '; ',
          ),
    senderTenant: campaign.senderTenantId ?? unknown,
    domainsText:
      campaign.domains.length === 0
        ? t.t('security.campaign.text.noDomains')
        : listed(t, campaign.domains.map(plainText), MAX_LISTED_DOMAINS, ', '),
    firstContact: cardDateTime(campaign.firstContactAt),
    lastContact: cardDateTime(campaign.lastContactAt),
    countsText: countsText(t, ordered),
    targetsHeading: t.t('security.campaign.text.targetsHeading', { n: ordered.length }),
    targets: shown.map((target) => ({ text: targetLine(t, target) })),
    moreTargetsText:
      unlisted === 0
        ? ''
        : ordered.length <= fit.query.targets
          ? t.t('security.campaign.text.moreTargetsAll', { n: unlisted })
          : t.t('security.campaign.text.moreTargetsCapped', { n: unlisted, covered: fit.query.targets }),
    history: [
      ...(earlier > 0 ? [{ text: t.t('security.campaign.text.earlierActions', { count: earlier }) }] : []),
      ...history,
    ],
    isOpen,
    canRewarn,
    canRemoveChats: options.canRemoveChats,
    hasCampaignActions: isOpen || canRewarn || options.canRemoveChats,
    removeChatsSetup: options.removeChatsSetup,
    blockingSteps: blockingInstructions(campaign).steps.map((step) => blockingStepOf(t, step)),
    huntingUrl: defenderHuntingUrl(huntingQuery),
    // Shown in a TextBlock, which renders markdown; the link carries the query unchanged.
    huntingQuery: plainText(huntingQuery),
    updatedText: t.t('security.campaign.text.updated', { at: cardDateTime(options.now) }),
    verbs: {
      malicious: CAMPAIGN_MALICIOUS_VERB,
      benign: CAMPAIGN_BENIGN_VERB,
      rewarn: CAMPAIGN_REWARN_VERB,
      removeChats: CAMPAIGN_REMOVE_CHATS_VERB,
    },
  };
};

/** The summary Teams shows for the card in notifications and the activity feed. */
export const campaignSecurityCardSummary = (t: Translator, campaign: CampaignRecord): string =>
  t.t('security.campaign.text.summary', {
    count: campaign.targets.length,
    who:
      campaign.senders[0]?.displayName ||
      campaign.senderTenantId ||
      t.t('security.campaign.text.externalSender'),
  });

/** Formats a campaign for the security card, listing up to MAX_LISTED_TARGETS targets. */
export const campaignSecurityCardData = (
  t: Translator,
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
): CampaignSecurityCardData => cardData(t, campaign, options, FITS[0]);

/**
 * The security channel's one card per campaign, in the translator's language (the profile's
 * securityTeamLanguage): who the attacker is, how many people they
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
  t: Translator,
  campaign: CampaignRecord,
  options: CampaignSecurityCardOptions,
): AdaptiveCardJson => {
  const expand = (fit: Fit): AdaptiveCardJson =>
    compiled.expand({ $root: cardData(t, campaign, options, fit) }) as AdaptiveCardJson;
  for (const fit of FITS.slice(0, -1)) {
    const card = expand(fit);
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= CARD_BUDGET_BYTES) return card;
  }
  return expand(FITS[FITS.length - 1]);
};
