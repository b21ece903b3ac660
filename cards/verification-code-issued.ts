import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-code-issued.json';
import { cardTime, describeMinutes } from './verification-time';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the staff "code issued" card shows. Send it to the issuing staff member only. */
export interface CodeIssuedCardData {
  /** The six digits; shown grouped ("482 913"). */
  code: string;
  /** Who it is for, e.g. the user's UPN or display name. */
  targetLabel: string;
  validMinutes: number;
  expiresAt: Date;
}

/** The staff member's card: the code big and grouped, for whom, valid until when. */
export const codeIssuedCard = (t: Translator, data: CodeIssuedCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      // The code is data, never part of a message: texts may be logged, card data is not.
      t: t.section('verification.codeIssued.card', {
        targetLabel: data.targetLabel,
        duration: describeMinutes(t, data.validMinutes),
        until: cardTime(data.expiresAt),
      }),
      displayCode: `${data.code.slice(0, 3)} ${data.code.slice(3)}`,
      targetLabel: data.targetLabel,
    },
  }) as AdaptiveCardJson;
