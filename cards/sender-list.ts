import { Template } from 'adaptivecards-templating';
import { message, type Message, type Translator } from '../src/i18n/translations';
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
  notice?: { text: Message; refused?: boolean };
}

const kindWord = (t: Translator, kind: SenderListKind): string => t.t(`security.lists.text.kinds.${kind}`);

const detailOf = (t: Translator, entry: SenderListEntry): string =>
  [
    t.t('security.lists.text.detail', {
      kind: kindWord(t, entry.kind),
      name: entry.addedBy.name,
      at: cardDateTime(entry.addedAt),
    }),
    entry.expiresAt === undefined
      ? t.t('security.lists.text.noExpiry')
      : t.t('security.lists.text.expires', { at: cardDateTime(entry.expiresAt) }),
    ...(entry.reportId ? [t.t('security.lists.text.report', { id: entry.reportId })] : []),
    ...(entry.campaignId ? [t.t('security.lists.text.campaign', { id: entry.campaignId })] : []),
  ].join(' \u00b7 ');

/**
 * A sender list for the security team, in the translator's language (the analyst's own): each entry (value, reason, kind, who added it and
 * when, expiry, its report and campaign) with a "Remove" (verb SENDER_LIST_REMOVE_VERB,
 * data `{ list, kind, value }`), an empty state, and a form to add one (verb
 * SENDER_LIST_ADD_VERB, data `{ list }` with the inputs `value`, `days`, `reason`).
 */
export const senderListCard = (t: Translator, data: SenderListCardData): AdaptiveCardJson => {
  const shown = data.entries.length;
  const list = data.list;
  return compiled.expand({
    $root: {
      list,
      t: t.section('security.lists.card'),
      title: t.t(`security.lists.${list}.title`),
      summaryText: t.t('security.lists.text.summary', {
        summary: message(`security.lists.${list}.summary`),
        count: data.total,
      }),
      hasNotice: data.notice !== undefined,
      notice: data.notice === undefined ? '' : plainText(t.text(data.notice.text)),
      entries: data.entries.map((entry) => ({
        kind: entry.kind,
        value: entry.value,
        label: plainText(entry.value),
        reasonText: plainText(entry.reason),
        detailText: plainText(detailOf(t, entry)),
      })),
      emptyText: t.t(`security.lists.${list}.empty`),
      hasMore: data.total > shown,
      moreText: t.t('security.lists.text.more', {
        n: data.total - shown,
        command: `${list}list remove <value>`,
      }),
      addTitle: t.t(`security.lists.${list}.addTitle`),
      maxDays: MAX_LIST_DAYS,
      maxReasonLength: MAX_REASON_LENGTH,
      verbs: { remove: SENDER_LIST_REMOVE_VERB, add: SENDER_LIST_ADD_VERB },
    },
  }) as AdaptiveCardJson;
};
