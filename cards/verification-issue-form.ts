import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './verification-issue-form.json';
import { describeMinutes } from './verification-time';
import { ISSUE_CODE_VERB } from './verification-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { ISSUE_CODE_VERB };

/** The input ID the target user arrives under in the Action.Execute data. */
export const TARGET_INPUT_ID = 'target';

export interface IssueFormCardData {
  /** How long an issued code works (the service's settings); 10 by default. */
  validMinutes?: number;
  /** Shown above the input after a refusal (e.g. the user was not found), in the reader's language. */
  errorText?: string;
}

/** The staff card behind `issue code <UPN or object ID>`. */
export const issueFormCard = (t: Translator, data: IssueFormCardData = {}): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('verification.issueForm.card', { duration: describeMinutes(t, data.validMinutes ?? 10) }),
      hasError: data.errorText !== undefined,
      errorText: data.errorText ?? '',
      issueVerb: ISSUE_CODE_VERB,
    },
  }) as AdaptiveCardJson;
