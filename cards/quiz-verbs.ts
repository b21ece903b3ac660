/**
 * Action.Execute verbs of the quiz cards, shared with the handlers in bot/handlers/quiz.ts.
 * Each has a typed form: `quiz`, `quiz a` (or `quiz 1`), `quiz next`.
 */

/** Starts a new quiz; the welcome card offers it. Data: none. */
export const QUIZ_START_VERB = 'quiz.start';
/** One choice of a question. Data: `{ attemptId, question, choice }` (question is 0-based). */
export const QUIZ_ANSWER_VERB = 'quiz.answer';
/** "Next question" after an answer. Data: `{ attemptId }`. */
export const QUIZ_NEXT_VERB = 'quiz.next';
