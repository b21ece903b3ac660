import { Template } from 'adaptivecards-templating';
import type { QuizStep } from '../src/education/quiz';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './quiz-question.json';
import { QUIZ_ANSWER_VERB } from './quiz-verbs';
import { plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** "A", "B", ...: how a choice is named on the card and in a typed answer (`quiz b`). */
export const choiceLetter = (position: number): string => String.fromCharCode(65 + position);

/**
 * One question with one button per choice, in the user's order. The wording comes from the
 * helpdesk profile, which an operator writes: plainText keeps a "[x](url)" in it from
 * becoming a link.
 */
export const quizQuestionCard = (step: QuizStep): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      number: step.index + 1,
      total: step.total,
      prompt: plainText(step.question.prompt),
      choices: step.choices.map((choice, position) => ({
        id: choice.id,
        letter: choiceLetter(position),
        text: plainText(choice.text),
      })),
      typedHint: `quiz a to quiz ${choiceLetter(step.choices.length - 1).toLowerCase()}`,
      answerVerb: QUIZ_ANSWER_VERB,
      attemptId: step.attemptId,
      index: step.index,
    },
  }) as AdaptiveCardJson;
