/**
 * What the security team needs to act on a campaign outside the bot: one Defender XDR
 * hunting query over all its chats and targets, a link that opens it in the portal, and
 * copy-ready blocking instructions (no Graph API blocks an external domain or user today),
 * their prose as Messages for the reader's language, their commands as code.
 * Every value from outside goes into a query or command only as an escaped literal.
 */
import { gzipSync } from 'node:zlib';
import { message, type Message } from '../i18n/translations';
import { kqlStringLiteral } from '../reports/hunting-query';
import type { CampaignRecord, CampaignTarget, TargetFlag } from './campaign-store';

/** A target's state in one word, the most serious of its flags first. */
export type TargetState = Extract<
  TargetFlag,
  'remote_tool' | 'reported' | 'verified' | 'acknowledged' | 'warned' | 'warning_failed' | 'contacted'
>;

/** Most serious first: a remote tool after the warning outranks a report, and so on down to a bare contact. */
export const TARGET_STATE_PRECEDENCE: readonly TargetState[] = [
  'remote_tool',
  'reported',
  'verified',
  'acknowledged',
  'warned',
  'warning_failed',
  'contacted',
];

/** The most serious state the target's flags record; `contacted` when there is nothing else. */
export const targetState = (target: Pick<CampaignTarget, 'flags'>): TargetState =>
  TARGET_STATE_PRECEDENCE.find((state) => target.flags[state] !== undefined) ?? 'contacted';

const rankOf = (target: CampaignTarget): number => TARGET_STATE_PRECEDENCE.indexOf(targetState(target));

/** Most serious state first, then the latest contact first: the order of the card and of a capped query. */
export const targetsMostSeriousFirst = (targets: readonly CampaignTarget[]): CampaignTarget[] =>
  [...targets].sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      (b.flags.contacted ?? 0) - (a.flags.contacted ?? 0) ||
      a.aadObjectId.localeCompare(b.aadObjectId),
  );

/** Defender keeps advanced hunting data for 30 days. */
const LOOKBACK = '30d';
/** How many chats and targets a query names; past them it keeps the most serious targets. */
export interface QueryCaps {
  chats: number;
  targets: number;
}

/**
 * The query is shown on the campaign card, which must stay under about 28 KB: 80 thread IDs
 * (~95 characters each) and 80 object IDs keep it near 11 KB.
 */
export const DEFAULT_QUERY_CAPS: Readonly<QueryCaps> = { chats: 80, targets: 80 };
const MAX_QUERY_SENDERS = 20;
const REMOTE_TOOLS = ['QuickAssist.exe', 'AnyDesk.exe', 'TeamViewer.exe'];

const unique = (values: Iterable<string>): string[] => [...new Set(values)];
const senderUpns = (campaign: CampaignRecord): string[] =>
  unique(campaign.senders.flatMap((sender) => (sender.upn?.trim() ? [sender.upn.trim()] : [])));
/** Control characters and line separators, each replaced by `by`: none can end a line or a comment early. */
const replaceControls = (text: string, by: string): string =>
  Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? by : ch;
  }).join('');
const kqlList = (values: readonly string[]): string =>
  `dynamic([${values.map(kqlStringLiteral).join(', ')}])`;
/** A `//` comment line cannot be ended early: line breaks of any kind become spaces. */
const kqlComment = (text: string): string => `// ${replaceControls(text, ' ')}`;

/**
 * A Defender XDR advanced hunting query over the last 30 days for the whole campaign: the
 * Teams messages of its chats and of its senders (MessageEvents), the creation of its chats
 * (CloudAppEvents ChatCreated, RawEventData.ChatThreadId) and remote-support tools started
 * by its targets (DeviceProcessEvents), in one timeline. Past `caps` it keeps the chats
 * and targets of the most serious targets (targetsMostSeriousFirst) and says so in a
 * comment line.
 */
export const campaignHuntingQuery = (
  campaign: CampaignRecord,
  caps: Readonly<QueryCaps> = DEFAULT_QUERY_CAPS,
): string => {
  const ordered = targetsMostSeriousFirst(campaign.targets);
  const allChats = unique(ordered.flatMap((target) => target.chatThreadIds));
  const chats = allChats.slice(0, caps.chats);
  const targets = ordered.slice(0, caps.targets).map((target) => target.aadObjectId);
  const senders = senderUpns(campaign).slice(0, MAX_QUERY_SENDERS);
  const capped = chats.length < allChats.length || targets.length < ordered.length;
  return [
    kqlComment(
      `Helpdesk Guard campaign ${campaign.campaignId}: ${allChats.length} chats, ${ordered.length} targets.`,
    ),
    ...(capped
      ? [
          kqlComment(
            `Capped to fit the Teams card: ${chats.length} of ${allChats.length} chats and ${targets.length} of ` +
              `${ordered.length} targets, most serious first; the senders line still finds every message they sent.`,
          ),
        ]
      : []),
    `let threadIds = ${kqlList(chats)};`,
    `let targets = ${kqlList(targets)};`,
    `let senders = ${kqlList(senders)};`,
    `let remoteTools = ${kqlList(REMOTE_TOOLS)};`,
    'union',
    '    (MessageEvents',
    `    | where Timestamp > ago(${LOOKBACK})`,
    '    | where ThreadId in (threadIds) or SenderEmailAddress in~ (senders)',
    '    | project Timestamp, Event = "Message", ThreadId, Account = SenderEmailAddress, Details = strcat(SenderDisplayName, " to ", tostring(RecipientDetails))),',
    '    (CloudAppEvents',
    `    | where Timestamp > ago(${LOOKBACK}) and ActionType == "ChatCreated"`,
    '    | extend ThreadId = tostring(RawEventData.ChatThreadId)',
    '    | where ThreadId in (threadIds)',
    '    | project Timestamp, Event = "ChatCreated", ThreadId, Account = AccountDisplayName, Details = tostring(RawEventData.ParticipantInfo)),',
    '    (DeviceProcessEvents',
    `    | where Timestamp > ago(${LOOKBACK}) and FileName in~ (remoteTools)`,
    '    | where AccountObjectId in~ (targets) or InitiatingProcessAccountObjectId in~ (targets)',
    '    | project Timestamp, Event = strcat("Remote tool: ", FileName), ThreadId = "", Account = AccountUpn, Details = DeviceName)',
    '| sort by Timestamp asc',
  ].join('\n');
};

const HUNTING_PAGE = 'https://security.microsoft.com/v2/advanced-hunting';
/** Links longer than this break in some clients and proxies. */
const MAX_URL_CHARS = 2_000;

/**
 * The Defender portal link that opens advanced hunting with `query` over the last month.
 * The portal reads `query` as the text in UTF-16LE, gzip-compressed, in base64url without
 * padding (the format of the links in Microsoft's own hunting query repositories; plain
 * UTF-8 shows as garbage in the editor). When that makes the link longer than 2,000
 * characters, the link opens the empty editor and the card's copy of the query is the way in.
 */
export const defenderHuntingUrl = (query: string): string => {
  const encoded = gzipSync(Buffer.from(query, 'utf16le'), { level: 9 }).toString('base64url');
  const url = `${HUNTING_PAGE}?query=${encodeURIComponent(encoded)}&timeRangeId=month`;
  return url.length <= MAX_URL_CHARS ? url : `${HUNTING_PAGE}?timeRangeId=month`;
};

/**
 * One step of the blocking instructions: a title and lines, each prose (a Message, said in
 * the reader's language) or a command or value to copy (a string, never translated).
 */
export interface BlockingStep {
  title: Message;
  lines: Array<Message | string>;
}

/** Caps that keep the instructions (and the card) short; the text says when one applies. */
const MAX_BLOCK_DOMAINS = 10;
const MAX_BLOCK_SENDERS = 20;

/** No value can add a line (a pasted line break would run the command early). */
const oneLine = (value: string): string => replaceControls(value, '\ufffd');

/**
 * `value` as a PowerShell single-quoted string: nothing in it is expanded (`$`, `` ` `` and
 * `"` are literal there), and each single-quote character, which PowerShell also accepts as
 * U+2018 to U+201B, is doubled so it cannot close the string.
 */
export const powerShellLiteral = (value: string): string =>
  `'${oneLine(value).replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;

/** The step's introduction, saying so when the card lists only the first `max` values. */
const introOf = (
  key: 'tenantList' | 'users' | 'federation',
  values: readonly string[],
  max: number,
): Message =>
  values.length > max
    ? message(`security.campaign.blocking.${key}.introCapped`, { max, total: values.length })
    : message(`security.campaign.blocking.${key}.intro`);

const tenantBlockListStep = (domains: string[]): BlockingStep => ({
  title: message('security.campaign.blocking.tenantList.title'),
  lines: [
    introOf('tenantList', domains, MAX_BLOCK_DOMAINS),
    ...domains.slice(0, MAX_BLOCK_DOMAINS).map(oneLine),
    message('security.campaign.blocking.tenantList.delegation'),
    'Set-CsTenantFederationConfiguration -SecurityTeamAllowBlockListDelegation Enabled',
    message('security.campaign.blocking.tenantList.olderModules', {
      parameter: '-DomainBlockingForMDOAdminsInTeams Enabled',
    }),
    message('security.campaign.blocking.tenantList.effect'),
  ],
});

const blockedUsersStep = (upns: string[]): BlockingStep => ({
  title: message('security.campaign.blocking.users.title'),
  lines: [
    introOf('users', upns, MAX_BLOCK_SENDERS),
    'Set-CsTeamsExternalAccessConfiguration -Identity Global -BlockExternalUserAccess $true -BlockedUsers ' +
      `@{Add=${upns.slice(0, MAX_BLOCK_SENDERS).map(powerShellLiteral).join(',')}}`,
  ],
});

const federationStep = (domains: string[]): BlockingStep => ({
  title: message('security.campaign.blocking.federation.title'),
  lines: [
    introOf('federation', domains, MAX_BLOCK_DOMAINS),
    ...domains
      .slice(0, MAX_BLOCK_DOMAINS)
      .map(
        (domain) =>
          `Set-CsTenantFederationConfiguration -BlockedDomains @{Add=(New-CsEdgeDomainPattern -Domain ${powerShellLiteral(domain)})}`,
      ),
    message('security.campaign.blocking.federation.note'),
  ],
});

/**
 * Copy-ready blocking instructions for the campaign's domains and sender accounts: the
 * Tenant Allow/Block List in the Defender portal, the blocked users of Teams external
 * access, and the federation block list. A campaign without a domain or a sender UPN gets a
 * step that says why there is nothing of that kind to block.
 */
export const blockingInstructions = (campaign: CampaignRecord): { steps: BlockingStep[] } => {
  const domains = unique(campaign.domains.map((domain) => domain.trim()).filter((domain) => domain !== ''));
  const upns = senderUpns(campaign);
  const steps: BlockingStep[] = [];
  if (domains.length > 0) steps.push(tenantBlockListStep(domains));
  else
    steps.push({
      title: message('security.campaign.blocking.noDomain.title'),
      lines: [message('security.campaign.blocking.noDomain.text')],
    });
  if (upns.length > 0) steps.push(blockedUsersStep(upns));
  else
    steps.push({
      title: message('security.campaign.blocking.noSender.title'),
      lines: [
        message('security.campaign.blocking.noSender.text', {
          column: 'MessageEvents.SenderEmailAddress',
          command: 'Set-CsTeamsExternalAccessConfiguration -BlockedUsers',
        }),
      ],
    });
  if (domains.length > 0) steps.push(federationStep(domains));
  return { steps };
};
