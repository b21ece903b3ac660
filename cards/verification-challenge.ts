import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-challenge.json';
import { cardTime, describeMinutes } from './verification-time';
import { REPORT_CHAT_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the challenge-back card shows the user. */
export interface ChallengeCardData {
  /** The six digits the user reads out; shown grouped. */
  code: string;
  validMinutes: number;
  expiresAt: Date;
  /** The profile's `helpdeskName`: the only one who can confirm the code. */
  helpdeskName: string;
  chatThreadId?: string;
}

/** Challenge-back: the code for the user to read to the caller, and what to expect next. */
export const challengeCard = (t: Translator, data: ChallengeCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      // The code is data, never part of a message: texts may be logged, card data is not.
      t: t.section('verification.challenge.card', {
        duration: describeMinutes(t, data.validMinutes),
        until: cardTime(data.expiresAt),
        helpdeskName: data.helpdeskName,
      }),
      displayCode: `${data.code.slice(0, 3)} ${data.code.slice(3)}`,
      reportVerb: REPORT_CHAT_VERB,
      chatThreadId: data.chatThreadId ?? '',
    },
  }) as AdaptiveCardJson;
