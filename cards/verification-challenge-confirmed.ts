import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-challenge-confirmed.json';
import { describeMinutesAgo } from './verification-result';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** Who confirmed the user's challenge-back code. */
export interface ChallengeConfirmedCardData {
  confirmerName: string;
  /** Minutes since the user asked for the code. */
  issuedMinutesAgo: number;
}

/** Sent to the user when a staff member confirms their challenge-back code. */
export const challengeConfirmedCard = (data: ChallengeConfirmedCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: { confirmerName: data.confirmerName, issuedText: describeMinutesAgo(data.issuedMinutesAgo) },
  }) as AdaptiveCardJson;
