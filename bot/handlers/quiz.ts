import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { quizAnswerCard } from '../../cards/quiz-answer';
import { quizNoticeCard } from '../../cards/quiz-notice';
import { quizQuestionCard } from '../../cards/quiz-question';
import {
  answerQuiz,
  currentQuiz,
  startQuiz,
  typedChoice,
  type AnswerOutcome,
  type CurrentOutcome,
  type QuizDeps,
} from '../../src/education/quiz';
import type { UserKey } from '../../src/store/ports';
import { activityUser, UNKNOWN_USER_TEXT } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

type QuizHandlerDeps = Pick<Deps, 'stores' | 'profile' | 'events' | 'log'>;

export const QUIZ_EXPIRED_TEXT =
  'That quiz has expired or a newer one replaced it, so nothing changed. Start a new one whenever you like.';
export const QUIZ_ALREADY_ANSWERED_TEXT =
  'You already answered this question. Only your first answer counts.';
export const QUIZ_NOT_OPEN_TEXT = 'That is not the open question of your quiz, so nothing changed.';

const quizDeps = ({ stores, profile, events, log }: QuizHandlerDeps): QuizDeps => ({
  kv: stores.kv,
  dedupe: stores.dedupe,
  profile,
  events,
  log,
});

const unknownUser: CardActionResult = {
  error: { status: 400, code: 'user_unknown', message: UNKNOWN_USER_TEXT },
};

/** The card an answer (tapped or typed) is answered with. */
const answerCard = async (
  deps: QuizDeps,
  user: UserKey,
  outcome: AnswerOutcome,
): Promise<AdaptiveCardJson> => {
  switch (outcome.kind) {
    case 'answered':
      return quizAnswerCard(outcome.feedback);
    case 'already_answered':
      if (outcome.feedback) return quizAnswerCard(outcome.feedback, true);
      return quizNoticeCard(QUIZ_ALREADY_ANSWERED_TEXT, await continuable(deps, user));
    case 'not_open':
      return quizQuestionCard(outcome.step);
    case 'expired':
      return quizNoticeCard(QUIZ_EXPIRED_TEXT);
  }
};

/** The attempt "Continue the quiz" goes to, when the user's current quiz still has a question open. */
const continuable = async (deps: QuizDeps, user: UserKey): Promise<string | undefined> => {
  const current = await currentQuiz(deps, user);
  return current.kind === 'question' ? current.step.attemptId : undefined;
};

const currentCard = (current: CurrentOutcome): AdaptiveCardJson => {
  if (current.kind === 'question') return quizQuestionCard(current.step);
  if (current.kind === 'complete')
    return quizNoticeCard(
      `You finished this quiz: ${current.score.correct} of ${current.score.total} right (${current.score.percent}%).`,
    );
  return quizNoticeCard(QUIZ_EXPIRED_TEXT);
};

/** A typed answer (`quiz b`, `quiz 2`) to the open question of the user's current quiz. */
const typedAnswer = async (deps: QuizDeps, user: UserKey, typed: string): Promise<AdaptiveCardJson> => {
  const current = await currentQuiz(deps, user);
  if (current.kind !== 'question')
    return current.kind === 'expired'
      ? quizNoticeCard('You have no quiz open. Type quiz to start one.')
      : currentCard(current);
  const choice = typedChoice(current.step, typed);
  if (!choice) return quizQuestionCard(current.step);
  const outcome = await answerQuiz(deps, user, {
    attemptId: current.step.attemptId,
    index: current.step.index,
    choiceId: choice.id,
  });
  return answerCard(deps, user, outcome);
};

/**
 * `quiz` starts a new quiz; `quiz a` / `quiz 1` answers the open question (the typed form
 * of the buttons, for keyboards and screen readers); `quiz next` shows the open question.
 */
export const quizText =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext): Promise<void> => {
    const user = activityUser(context.activity);
    if (!user) {
      await context.sendActivity(UNKNOWN_USER_TEXT);
      return;
    }
    const argument = (context.activity.text ?? '')
      .trim()
      .replace(/^quiz\b/i, '')
      .trim();
    const quiz = quizDeps(deps);
    let card: AdaptiveCardJson;
    if (!argument) card = quizQuestionCard(await startQuiz(quiz, user, context.activity.locale));
    else if (/^next$/i.test(argument)) card = currentCard(await currentQuiz(quiz, user));
    else card = await typedAnswer(quiz, user, argument);
    await sendCard(context, card, 'Helpdesk quiz');
  };

/** "Take the quiz" (the welcome card, the score card): a new quiz, its first question in place of the card. */
export const quizStartAction =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    if (!user) return unknownUser;
    return { card: quizQuestionCard(await startQuiz(quizDeps(deps), user, context.activity.locale)) };
  };

/** The question index of card data: an integer the template wrote, as a number or a string. */
const questionIndex = (data: Record<string, unknown>): number | undefined => {
  const raw = typeof data.question === 'number' ? String(data.question) : dataString(data, 'question');
  return raw !== undefined && /^\d{1,2}$/.test(raw) ? Number(raw) : undefined;
};

/** A choice button: data `{ attemptId, question, choice }`, checked against the stored attempt. */
export const quizAnswerAction =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    if (!user) return unknownUser;
    const attemptId = dataString(data, 'attemptId');
    const index = questionIndex(data);
    const choiceId = dataString(data, 'choice');
    const quiz = quizDeps(deps);
    if (attemptId === undefined || index === undefined || choiceId === undefined)
      return { card: quizNoticeCard(QUIZ_NOT_OPEN_TEXT, await continuable(quiz, user)) };
    return {
      card: await answerCard(quiz, user, await answerQuiz(quiz, user, { attemptId, index, choiceId })),
    };
  };

/** "Next question": data `{ attemptId }`; shows that quiz's open question, or its score. */
export const quizNextAction =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    if (!user) return unknownUser;
    const attemptId = dataString(data, 'attemptId');
    if (attemptId === undefined) return { card: quizNoticeCard(QUIZ_EXPIRED_TEXT) };
    return { card: currentCard(await currentQuiz(quizDeps(deps), user, attemptId)) };
  };
