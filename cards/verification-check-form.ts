import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-check-form.json';
import { CHALLENGE_CALLER_VERB, VERIFY_CALLER_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { CHALLENGE_CALLER_VERB, VERIFY_CALLER_VERB };

/** The input ID the code arrives under in the Action.Execute data. */
export const CODE_INPUT_ID = 'code';

/** What the check form needs. */
export interface CheckFormCardData {
  /** The profile's `helpdeskName`: who really gets codes from the bot. */
  helpdeskName: string;
  /** The chat the caller is in (from the warning); empty when unknown. */
  chatThreadId?: string;
  /** Shown above the input after a malformed entry (the service's message, in the reader's language). */
  errorText?: string;
}

/** "Verify this caller": a code input, and challenge-back as the alternative. */
export const checkFormCard = (t: Translator, data: CheckFormCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('verification.checkForm.card', { helpdeskName: data.helpdeskName }),
      chatThreadId: data.chatThreadId ?? '',
      hasError: data.errorText !== undefined,
      errorText: data.errorText ?? '',
      verifyVerb: VERIFY_CALLER_VERB,
      challengeVerb: CHALLENGE_CALLER_VERB,
    },
  }) as AdaptiveCardJson;
