import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-result.json';
import { REPORT_CHAT_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { REPORT_CHAT_VERB };

/** A check that proved the caller genuine. */
export interface GenuineResultData {
  genuine: true;
  staffName: string;
  issuedMinutesAgo: number;
}

/** A check that did not: the caller is not verified. */
export interface NotVerifiedResultData {
  genuine: false;
  /** Why, in words for the user (the service's `message`, or the card's own). */
  reasonText: string;
  /** The chat to report; omit when the check did not come from a warning. */
  chatThreadId?: string;
}

export type VerificationResultCardData = GenuineResultData | NotVerifiedResultData;

/** "1 minute ago", "just now": what a person would say. */
export const describeMinutesAgo = (minutes: number): string =>
  minutes < 1 ? 'just now' : minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;

/**
 * The user's answer to a code check: green with who issued it and when, or red with the
 * stop advice and a one-tap "Report this chat".
 */
export const verificationResultCard = (data: VerificationResultCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: data.genuine
      ? { genuine: true, staffName: data.staffName, issuedText: describeMinutesAgo(data.issuedMinutesAgo) }
      : {
          genuine: false,
          reasonText: data.reasonText,
          reportVerb: REPORT_CHAT_VERB,
          chatThreadId: data.chatThreadId ?? '',
        },
  }) as AdaptiveCardJson;
