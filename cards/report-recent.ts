import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { RecentContact } from '../src/reports/report-results';
import type { AdaptiveCardJson } from './adaptive-card';
import { cardDateTime, plainText } from './report-format';
import template from './report-recent.json';
import { REPORT_CHAT_VERB } from './report-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** The typed `report` answer: recent contacts (from ReportService.recentContacts) and the look-back. */
export interface ReportRecentCardData {
  contacts: RecentContact[];
  days: number;
}

/** "it@x.onmicrosoft.com · first message <date>", the address made safe for markdown. */
const detailOf = (t: Translator, contact: RecentContact): string => {
  const at = cardDateTime(contact.observedAt);
  return contact.sender.upn
    ? t.t('report.recent.detail', { upn: plainText(contact.sender.upn), at })
    : t.t('report.recent.detailNoAddress', { at });
};

/**
 * The answer to `report`, in the user's language: each recent external first contact with
 * a one-tap "Report this chat" (verb REPORT_CHAT_VERB, data `{ chatThreadId }`), "Reported"
 * where the user already did, an empty state, and how to report by link.
 */
export const reportRecentCard = (t: Translator, data: ReportRecentCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('report.recent.card', { days: data.days }),
      reportVerb: REPORT_CHAT_VERB,
      contacts: data.contacts.map((contact) => ({
        senderName: plainText(contact.sender.displayName),
        detail: detailOf(t, contact),
        warned: contact.verdict === 'warn',
        reported: contact.reportedByUser,
        chatThreadId: contact.chatThreadId,
      })),
    },
  }) as AdaptiveCardJson;
