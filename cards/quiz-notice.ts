import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './quiz-notice.json';
import { QUIZ_NEXT_VERB, QUIZ_START_VERB } from './quiz-verbs';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/**
 * A quiz tap or command that changed nothing (a replayed tap, an expired or replaced quiz),
 * `text` already in the reader's language. With `attemptId` it offers to continue that quiz,
 * otherwise to start a new one.
 */
export const quizNoticeCard = (t: Translator, text: string, attemptId?: string): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('quiz.card'),
      text,
      continues: attemptId !== undefined,
      attemptId: attemptId ?? '',
      nextVerb: QUIZ_NEXT_VERB,
      startVerb: QUIZ_START_VERB,
    },
  }) as AdaptiveCardJson;
