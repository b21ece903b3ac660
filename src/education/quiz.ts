import { randomUUID } from 'node:crypto';
import type { HelpdeskProfile } from '../config/helpdesk-profile';
import type { EventPublisher } from '../events/event-publisher';
import type { Logger } from '../log/logger';
import { userKeyString, type UserKey } from '../store/ports';
import {
  claimAnswer,
  currentAttemptId,
  loadCurrentAttempt,
  saveAttempt,
  saveNewAttempt,
  type QuizAttempt,
  type QuizStore,
} from './quiz-attempts';
import { buildQuizQuestions, shuffleChoices, type QuizChoice, type QuizQuestion } from './quiz-questions';

/** `Details.quizId` of TrainingCompleted: bumped when the questions change what they teach. */
export const QUIZ_ID = 'helpdesk-impersonation-v1';

export interface QuizDeps extends QuizStore {
  profile: HelpdeskProfile;
  events: EventPublisher;
  log: Pick<Logger, 'error'>;
  now?: () => number;
  newAttemptId?: () => string;
}

/** A question as one user sees it: position, wording and the choices in that user's order. */
export interface QuizStep {
  attemptId: string;
  /** 0-based. */
  index: number;
  total: number;
  question: QuizQuestion;
  choices: QuizChoice[];
}

export interface QuizScore {
  correct: number;
  total: number;
  percent: number;
}

/** What the user is told after answering: their choice, the right one, and the score at the end. */
export interface QuizFeedback {
  step: QuizStep;
  chosen: QuizChoice;
  right: QuizChoice;
  correct: boolean;
  /** Set once the last question is answered. */
  score?: QuizScore;
}

export type AnswerOutcome =
  | { kind: 'answered'; feedback: QuizFeedback }
  /** A replayed or second tap: nothing changed; the first answer's feedback when it is stored. */
  | { kind: 'already_answered'; feedback?: QuizFeedback }
  /** A question after the current one, or a choice the question does not have: the current question. */
  | { kind: 'not_open'; step: QuizStep }
  /** No such attempt for this user (expired, replaced by a newer quiz, or never theirs). */
  | { kind: 'expired' };

export type CurrentOutcome =
  { kind: 'question'; step: QuizStep } | { kind: 'complete'; score: QuizScore } | { kind: 'expired' };

const LOCALE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$/;

/** A BCP 47 tag as the activity gave it, or null: the event carries no free text. */
export const eventLocale = (locale: string | undefined): string | null =>
  locale !== undefined && LOCALE.test(locale) ? locale : null;

/** The attempt's questions rebuilt from the profile; undefined when the profile changed under it. */
const questionsOf = (profile: HelpdeskProfile, attempt: QuizAttempt): QuizQuestion[] | undefined => {
  const byId = new Map(buildQuizQuestions(profile).map((question) => [question.id, question]));
  const questions = attempt.questionIds.map((id) => byId.get(id));
  return questions.every((question) => question !== undefined) ? (questions as QuizQuestion[]) : undefined;
};

const stepOf = (user: UserKey, attempt: QuizAttempt, questions: QuizQuestion[], index: number): QuizStep => ({
  attemptId: attempt.attemptId,
  index,
  total: questions.length,
  question: questions[index],
  choices: shuffleChoices(questions[index], userKeyString(user)),
});

const scoreOf = (attempt: QuizAttempt): QuizScore => {
  const correct = attempt.answers.filter((answer) => answer.correct).length;
  const total = attempt.questionIds.length;
  return { correct, total, percent: Math.round((100 * correct) / total) };
};

const feedbackOf = (
  user: UserKey,
  attempt: QuizAttempt,
  questions: QuizQuestion[],
  index: number,
): QuizFeedback => {
  const step = stepOf(user, attempt, questions, index);
  const chosen =
    step.choices.find((choice) => choice.id === attempt.answers[index].choiceId) ?? step.choices[0];
  const right = step.choices.find((choice) => choice.correct) ?? step.choices[0];
  const done = attempt.answers.length === questions.length;
  return { step, chosen, right, correct: chosen.correct, ...(done ? { score: scoreOf(attempt) } : {}) };
};

/** Starts a new attempt (retiring any unfinished one) and returns its first question. */
export const startQuiz = async (deps: QuizDeps, user: UserKey, locale?: string): Promise<QuizStep> => {
  const questions = buildQuizQuestions(deps.profile);
  const attempt: QuizAttempt = {
    attemptId: (deps.newAttemptId ?? randomUUID)(),
    questionIds: questions.map((question) => question.id),
    answers: [],
    startedAt: (deps.now ?? Date.now)(),
    locale: eventLocale(locale),
  };
  await saveNewAttempt(deps, user, attempt);
  return stepOf(user, attempt, questions, 0);
};

/** Where the user's attempt stands: its next question, or its score once finished. */
export const currentQuiz = async (
  deps: QuizDeps,
  user: UserKey,
  attemptId?: string,
): Promise<CurrentOutcome> => {
  const id = attemptId ?? (await currentAttemptId(deps, user));
  const attempt = id === undefined ? undefined : await loadCurrentAttempt(deps, user, id);
  const questions = attempt && questionsOf(deps.profile, attempt);
  if (!attempt || !questions) return { kind: 'expired' };
  if (attempt.answers.length >= questions.length) return { kind: 'complete', score: scoreOf(attempt) };
  return { kind: 'question', step: stepOf(user, attempt, questions, attempt.answers.length) };
};

const emitCompleted = async (
  deps: QuizDeps,
  user: UserKey,
  attempt: QuizAttempt,
  now: number,
): Promise<void> => {
  const score = scoreOf(attempt);
  try {
    await deps.events.emit({
      EventType: 'TrainingCompleted',
      Severity: 'Informational',
      Source: 'education',
      VictimAccountObjectId: user.aadObjectId,
      Details: {
        quizId: QUIZ_ID,
        attemptId: attempt.attemptId,
        questions: score.total,
        correct: score.correct,
        scorePercent: score.percent,
        durationSeconds: Math.max(0, Math.round((now - attempt.startedAt) / 1000)),
        locale: attempt.locale,
      },
    });
  } catch (err) {
    // The answer is stored and the user sees the score; an outbox outage must not turn that into an error.
    deps.log.error({ err, attemptId: attempt.attemptId }, 'TrainingCompleted could not be emitted');
  }
};

/**
 * Records the first answer to question `index` of the user's current attempt. Card data
 * is untrusted: the attempt, the position and the score come from the store, never from it.
 */
export const answerQuiz = async (
  deps: QuizDeps,
  user: UserKey,
  answer: { attemptId: string; index: number; choiceId: string },
): Promise<AnswerOutcome> => {
  const attempt = await loadCurrentAttempt(deps, user, answer.attemptId);
  const questions = attempt && questionsOf(deps.profile, attempt);
  if (!attempt || !questions) return { kind: 'expired' };
  const open = attempt.answers.length;
  if (answer.index < open)
    return { kind: 'already_answered', feedback: feedbackOf(user, attempt, questions, answer.index) };
  if (open >= questions.length) return { kind: 'already_answered' };
  const step = stepOf(user, attempt, questions, open);
  const choice = step.choices.find((candidate) => candidate.id === answer.choiceId);
  if (answer.index !== open || !choice) return { kind: 'not_open', step };
  if (!(await claimAnswer(deps, user, attempt.attemptId, open))) return { kind: 'already_answered' };

  const now = (deps.now ?? Date.now)();
  const answered: QuizAttempt = {
    ...attempt,
    answers: [...attempt.answers, { choiceId: choice.id, correct: choice.correct }],
  };
  await saveAttempt(deps, user, answered);
  if (answered.answers.length === questions.length) await emitCompleted(deps, user, answered, now);
  return { kind: 'answered', feedback: feedbackOf(user, answered, questions, open) };
};

/** "a", "B", "2": the choice a typed answer names among the step's choices, if any. */
export const typedChoice = (step: QuizStep, typed: string): QuizChoice | undefined => {
  const text = typed.trim().toLowerCase();
  const index = /^[a-z]$/.test(text) ? text.charCodeAt(0) - 97 : /^\d$/.test(text) ? Number(text) - 1 : -1;
  return index >= 0 ? step.choices[index] : undefined;
};
