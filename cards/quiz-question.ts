import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { QuizStep } from '../src/education/quiz';
import { sayQuizText } from '../src/education/quiz-questions';
import type { Translator } from '../src/i18n/translations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './quiz-question.json';
import { QUIZ_ANSWER_VERB } from './quiz-verbs';
import { plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** "A", "B", ...: how a choice is named on the card and in a typed answer (`quiz b`). */
export const choiceLetter = (position: number): string => String.fromCharCode(65 + position);

/**
 * One question with one button per choice, in the user's order and language, with the
 * question's picture when one is given. The wording comes partly from the helpdesk profile,
 * which an operator writes: plainText keeps a "[x](url)" in it from becoming a link.
 */
export const quizQuestionCard = (t: Translator, step: QuizStep, image?: CardImage): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('quiz.card', {
        number: step.index + 1,
        total: step.total,
        last: choiceLetter(step.choices.length - 1).toLowerCase(),
      }),
      prompt: plainText(t.text(step.question.prompt)),
      ...(image ? { image } : {}),
      choices: step.choices.map((choice, position) => ({
        id: choice.id,
        letter: choiceLetter(position),
        text: plainText(sayQuizText(t, choice.text)),
      })),
      answerVerb: QUIZ_ANSWER_VERB,
      attemptId: step.attemptId,
      index: step.index,
    },
  }) as AdaptiveCardJson;

/**
 * The question card with the question's picture in the reader's language, when the question
 * has one and it fits the card (src/media/card-images.ts).
 */
export const quizQuestionCardWithPicture = (
  t: Translator,
  profile: HelpdeskProfile,
  step: QuizStep,
  options: FitOptions = {},
): AdaptiveCardJson => {
  const picture = step.question.illustration;
  return fitCardImages(
    mediaLibraryFor(profile, t.language),
    picture ? [picture] : [],
    ([image]) => quizQuestionCard(t, step, image),
    options,
  );
};
