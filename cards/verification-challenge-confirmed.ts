import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-challenge-confirmed.json';
import { describeMinutesAgo } from './verification-time';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** Who confirmed the user's challenge-back code. */
export interface ChallengeConfirmedCardData {
  confirmerName: string;
  /** The profile's `helpdeskName`: who the confirmer works for. */
  helpdeskName: string;
  /** Minutes since the user asked for the code. */
  issuedMinutesAgo: number;
}

/** Sent to the user, in the user's language, when a staff member confirms their challenge-back code. */
export const challengeConfirmedCard = (t: Translator, data: ChallengeConfirmedCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('verification.challengeConfirmed.card', {
        confirmerName: data.confirmerName,
        helpdeskName: data.helpdeskName,
        issued: describeMinutesAgo(t, data.issuedMinutesAgo),
      }),
    },
  }) as AdaptiveCardJson;

/** The notification summary of that card. */
export const challengeConfirmedSummary = (
  t: Translator,
  data: Pick<ChallengeConfirmedCardData, 'confirmerName'>,
) => t.t('verification.challengeConfirmed.summary', { confirmerName: data.confirmerName });
