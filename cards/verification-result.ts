import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-result.json';
import { describeMinutesAgo } from './verification-time';
import { REPORT_CHAT_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { REPORT_CHAT_VERB };
export { describeMinutesAgo };

/** A check that proved the caller genuine. */
export interface GenuineResultData {
  genuine: true;
  staffName: string;
  /** The profile's `helpdeskName`: who the staff member works for. */
  helpdeskName: string;
  issuedMinutesAgo: number;
}

/** A check that did not: the caller is not verified. */
export interface NotVerifiedResultData {
  genuine: false;
  /** Why, in words for the user (the service's `message`, said in the reader's language). */
  reasonText: string;
  /** The chat to report; omit when the check did not come from a warning. */
  chatThreadId?: string;
}

export type VerificationResultCardData = GenuineResultData | NotVerifiedResultData;

/**
 * The user's answer to a code check: green with who issued it and when, or red with the
 * stop advice and a one-tap "Report this chat".
 */
export const verificationResultCard = (t: Translator, data: VerificationResultCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: data.genuine
      ? {
          t: t.section('verification.result.card', {
            staffName: data.staffName,
            helpdeskName: data.helpdeskName,
            issued: describeMinutesAgo(t, data.issuedMinutesAgo),
          }),
          genuine: true,
        }
      : {
          t: t.section('verification.result.card', { staffName: '', helpdeskName: '', issued: '' }),
          genuine: false,
          reasonText: data.reasonText,
          reportVerb: REPORT_CHAT_VERB,
          chatThreadId: data.chatThreadId ?? '',
        },
  }) as AdaptiveCardJson;
