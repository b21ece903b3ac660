import { Template } from 'adaptivecards-templating';
import { MAX_LIST_DAYS, MAX_REASON_LENGTH } from '../src/verdicts/list-command';
import type { SenderListEntry, SenderListKind, SenderListName } from '../src/verdicts/sender-list-entry';
import type { AdaptiveCardJson } from './adaptive-card';
import { cardDateTime, plainText } from './report-format';
import { SENDER_LIST_ADD_VERB, SENDER_LIST_REMOVE_VERB } from './sender-list-verbs';
import template from './sender-list.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export interface SenderListCardData {
  list: SenderListName;
  /** Newest first, as SenderLists.list returns them. */
  entries: SenderListEntry[];
  /** How many the list holds in all (more than `entries` when it was cut). */
  total: number;
  /** What just changed ("Removed … from the blocklist."), or why a change was refused, above the entries. */
  notice?: { text: string; refused?: boolean };
}

const TITLES: Record<SenderListName, string> = { block: 'Blocklist', allow: 'Allowlist' };
const SUMMARIES: Record<SenderListName, string> = {
  block:
    'First contacts from these senders, tenants and domains warn with High severity and say your ' +
    'security team reported them as an attack. A block on a tenant or domain also overrides an allowed sender of it.',
  allow: 'First contacts from these senders, tenants and domains are recorded but not warned about.',
};
const KIND_WORDS: Record<SenderListKind, string> = { sender: 'Sender', tenant: 'Tenant', domain: 'Domain' };

const detailOf = (entry: SenderListEntry): string =>
  [
    `${KIND_WORDS[entry.kind]}, added by ${entry.addedBy.name} ${cardDateTime(entry.addedAt)}`,
    entry.expiresAt === undefined ? 'no expiry' : `expires ${cardDateTime(entry.expiresAt)}`,
    ...(entry.reportId ? [`report ${entry.reportId}`] : []),
    ...(entry.campaignId ? [`campaign ${entry.campaignId}`] : []),
  ].join(' \u00b7 ');

/**
 * A sender list for the security team: each entry (value, reason, kind, who added it and
 * when, expiry, its report and campaign) with a "Remove" (verb SENDER_LIST_REMOVE_VERB,
 * data `{ list, kind, value }`), an empty state, and a form to add one (verb
 * SENDER_LIST_ADD_VERB, data `{ list }` with the inputs `value`, `days`, `reason`).
 */
export const senderListCard = (data: SenderListCardData): AdaptiveCardJson => {
  const shown = data.entries.length;
  return compiled.expand({
    $root: {
      list: data.list,
      title: TITLES[data.list],
      summaryText: `${SUMMARIES[data.list]} ${data.total === 1 ? '1 entry' : `${data.total} entries`}, newest first.`,
      hasNotice: data.notice !== undefined,
      notice: data.notice === undefined ? '' : plainText(data.notice.text),
      noticeColor: data.notice?.refused ? 'Attention' : 'Good',
      entries: data.entries.map((entry) => ({
        kind: entry.kind,
        value: entry.value,
        label: plainText(entry.value),
        reasonText: plainText(entry.reason),
        detailText: plainText(detailOf(entry)),
      })),
      emptyText: `Nothing is on the ${data.list}list.`,
      hasMore: data.total > shown,
      moreText: `and ${data.total - shown} older: type "${data.list}list remove <value>" to remove one not shown.`,
      addTitle: `Add to the ${data.list}list`,
      maxDays: MAX_LIST_DAYS,
      maxReasonLength: MAX_REASON_LENGTH,
      verbs: { remove: SENDER_LIST_REMOVE_VERB, add: SENDER_LIST_ADD_VERB },
    },
  }) as AdaptiveCardJson;
};
