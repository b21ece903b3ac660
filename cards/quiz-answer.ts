import { Template } from 'adaptivecards-templating';
import type { QuizFeedback, QuizScore } from '../src/education/quiz';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './quiz-answer.json';
import { choiceLetter } from './quiz-question';
import { QUIZ_NEXT_VERB, QUIZ_START_VERB } from './quiz-verbs';
import { plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

const scoreMessage = (score: QuizScore): string =>
  score.correct === score.total
    ? 'All right. You know how to spot a fake helpdesk: pass it on to a colleague.'
    : 'Read the explanations again, or type tips for a short lesson a day. You can take the quiz again at any time.';

/**
 * What the user sees after answering: right or wrong, the right answer, why, and either
 * "Next question" or, after the last one, the score. `alreadyAnswered` marks a replayed tap.
 */
export const quizAnswerCard = (feedback: QuizFeedback, alreadyAnswered = false): AdaptiveCardJson => {
  const { step } = feedback;
  const named = (id: string): string => {
    const position = step.choices.findIndex((choice) => choice.id === id);
    return `${choiceLetter(position)}. ${plainText(step.choices[position].text)}`;
  };
  return compiled.expand({
    $root: {
      number: step.index + 1,
      total: step.total,
      verdict: feedback.correct ? 'Right' : 'Not quite',
      verdictColor: feedback.correct ? 'Good' : 'Attention',
      alreadyAnswered,
      correct: feedback.correct,
      chosen: named(feedback.chosen.id),
      right: named(feedback.right.id),
      explanation: plainText(step.question.explanation),
      finished: feedback.score !== undefined,
      scoreCorrect: feedback.score?.correct ?? 0,
      scorePercent: feedback.score?.percent ?? 0,
      scoreMessage: feedback.score ? scoreMessage(feedback.score) : '',
      attemptId: step.attemptId,
      nextVerb: QUIZ_NEXT_VERB,
      startVerb: QUIZ_START_VERB,
    },
  }) as AdaptiveCardJson;
};
