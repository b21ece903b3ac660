import { Template } from 'adaptivecards-templating';
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

/**
 * The answer to `report`: each recent external first contact with a one-tap "Report this
 * chat" (verb REPORT_CHAT_VERB, data `{ chatThreadId }`), "Reported" where the user
 * already did, an empty state, and how to report by link.
 */
export const reportRecentCard = (data: ReportRecentCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      days: data.days,
      reportVerb: REPORT_CHAT_VERB,
      contacts: data.contacts.map((contact) => ({
        senderName: plainText(contact.sender.displayName),
        detail: plainText(
          [contact.sender.upn ?? 'address unknown', `first message ${cardDateTime(contact.observedAt)}`].join(
            ' \u00b7 ',
          ),
        ),
        warned: contact.verdict === 'warn',
        reported: contact.reportedByUser,
        chatThreadId: contact.chatThreadId,
      })),
    },
  }) as AdaptiveCardJson;
