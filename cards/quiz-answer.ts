import { Template } from 'adaptivecards-templating';
import type { QuizFeedback, QuizScore } from '../src/education/quiz';
import { sayQuizText } from '../src/education/quiz-questions';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './quiz-answer.json';
import { choiceLetter } from './quiz-question';
import { QUIZ_NEXT_VERB, QUIZ_START_VERB } from './quiz-verbs';
import { plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

const scoreMessage = (t: Translator, score: QuizScore): string =>
  t.t(score.correct === score.total ? 'quiz.card.allRight' : 'quiz.card.readAgain');

/**
 * What the user sees after answering, in their language: right or wrong, the right answer,
 * why, and either "Next question" or, after the last one, the score. `alreadyAnswered`
 * marks a replayed tap.
 */
export const quizAnswerCard = (
  t: Translator,
  feedback: QuizFeedback,
  alreadyAnswered = false,
): AdaptiveCardJson => {
  const { step, score } = feedback;
  const named = (id: string): string => {
    const position = step.choices.findIndex((choice) => choice.id === id);
    return `${choiceLetter(position)}. ${plainText(sayQuizText(t, step.choices[position].text))}`;
  };
  return compiled.expand({
    $root: {
      t: t.section('quiz.card', {
        number: step.index + 1,
        total: step.total,
        last: choiceLetter(step.choices.length - 1).toLowerCase(),
        chosen: named(feedback.chosen.id),
        right: named(feedback.right.id),
        correct: score?.correct ?? 0,
        percent: score?.percent ?? 0,
      }),
      verdict: t.t(feedback.correct ? 'quiz.card.right' : 'quiz.card.notQuite'),
      alreadyAnswered,
      correct: feedback.correct,
      explanation: plainText(t.text(step.question.explanation)),
      finished: score !== undefined,
      scoreMessage: score ? scoreMessage(t, score) : '',
      attemptId: step.attemptId,
      nextVerb: QUIZ_NEXT_VERB,
      startVerb: QUIZ_START_VERB,
    },
  }) as AdaptiveCardJson;
};
