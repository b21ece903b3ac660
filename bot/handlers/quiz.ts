import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { quizAnswerCard } from '../../cards/quiz-answer';
import { quizNoticeCard } from '../../cards/quiz-notice';
import { quizQuestionCardWithPicture } from '../../cards/quiz-question';
import {
  answerQuiz,
  currentQuiz,
  startQuiz,
  typedChoice,
  type AnswerOutcome,
  type CurrentOutcome,
  type QuizDeps,
  type QuizStep,
} from '../../src/education/quiz';
import { translatorFor, type Translator } from '../../src/i18n/translations';
import type { UserKey } from '../../src/store/ports';
import { activityUser } from '../activity-user';
import { dataString, type CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

/**
 * The quiz's slice of the deps; with a config, question pictures point at PUBLIC_BASE_URL,
 * without one (local runs) they travel inside the card.
 */
type QuizHandlerDeps = Pick<Deps, 'stores' | 'profile' | 'events' | 'log'> & Partial<Pick<Deps, 'config'>>;

/** One turn's quiz: the domain's deps, and how its cards are said to this reader. */
interface QuizTurn {
  quiz: QuizDeps;
  t: Translator;
  question: (step: QuizStep) => AdaptiveCardJson;
  notice: (text: string, attemptId?: string) => AdaptiveCardJson;
}

const quizTurn = (
  { stores, profile, events, log, config }: QuizHandlerDeps,
  context: TurnContext,
): QuizTurn => {
  const t = translatorFor(profile, context.activity.locale);
  return {
    quiz: { kv: stores.kv, dedupe: stores.dedupe, profile, events, log },
    t,
    question: (step) =>
      quizQuestionCardWithPicture(t, profile, step, { publicBaseUrl: config?.publicBaseUrl }),
    notice: (text, attemptId) => quizNoticeCard(t, text, attemptId),
  };
};

const unknownUser = (context: TurnContext, profile: QuizHandlerDeps['profile']): CardActionResult => ({
  error: {
    status: 400,
    code: 'user_unknown',
    message: translatorFor(profile, context.activity.locale).t('common.unknownUser'),
  },
});

/** The card an answer (tapped or typed) is answered with. */
const answerCard = async (
  turn: QuizTurn,
  user: UserKey,
  outcome: AnswerOutcome,
): Promise<AdaptiveCardJson> => {
  switch (outcome.kind) {
    case 'answered':
      return quizAnswerCard(turn.t, outcome.feedback);
    case 'already_answered':
      if (outcome.feedback) return quizAnswerCard(turn.t, outcome.feedback, true);
      return turn.notice(turn.t.t('quiz.notice.alreadyAnswered'), await continuable(turn, user));
    case 'not_open':
      return turn.question(outcome.step);
    case 'expired':
      return turn.notice(turn.t.t('quiz.notice.expired'));
  }
};

/** The attempt "Continue the quiz" goes to, when the user's current quiz still has a question open. */
const continuable = async (turn: QuizTurn, user: UserKey): Promise<string | undefined> => {
  const current = await currentQuiz(turn.quiz, user);
  return current.kind === 'question' ? current.step.attemptId : undefined;
};

const currentCard = (turn: QuizTurn, current: CurrentOutcome): AdaptiveCardJson => {
  if (current.kind === 'question') return turn.question(current.step);
  if (current.kind === 'complete') return turn.notice(turn.t.t('quiz.notice.finished', { ...current.score }));
  return turn.notice(turn.t.t('quiz.notice.expired'));
};

/** A typed answer (`quiz b`, `quiz 2`) to the open question of the user's current quiz. */
const typedAnswer = async (turn: QuizTurn, user: UserKey, typed: string): Promise<AdaptiveCardJson> => {
  const current = await currentQuiz(turn.quiz, user);
  if (current.kind !== 'question')
    return current.kind === 'expired'
      ? turn.notice(turn.t.t('quiz.notice.noQuiz'))
      : currentCard(turn, current);
  const choice = typedChoice(current.step, typed);
  if (!choice) return turn.question(current.step);
  const outcome = await answerQuiz(turn.quiz, user, {
    attemptId: current.step.attemptId,
    index: current.step.index,
    choiceId: choice.id,
  });
  return answerCard(turn, user, outcome);
};

/**
 * `quiz` starts a new quiz; `quiz a` / `quiz 1` answers the open question (the typed form
 * of the buttons, for keyboards and screen readers); `quiz next` shows the open question.
 * Every card is in the activity's language.
 */
export const quizText =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext): Promise<void> => {
    const turn = quizTurn(deps, context);
    const user = activityUser(context.activity);
    if (!user) {
      await context.sendActivity(turn.t.t('common.unknownUser'));
      return;
    }
    const argument = (context.activity.text ?? '')
      .trim()
      .replace(/^quiz\b/i, '')
      .trim();
    let card: AdaptiveCardJson;
    if (!argument) card = turn.question(await startQuiz(turn.quiz, user, context.activity.locale));
    else if (/^next$/i.test(argument)) card = currentCard(turn, await currentQuiz(turn.quiz, user));
    else card = await typedAnswer(turn, user, argument);
    await sendCard(context, card, turn.t.t('quiz.card.summary'));
  };

/** "Take the quiz" (the welcome card, the score card): a new quiz, its first question in place of the card. */
export const quizStartAction =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    if (!user) return unknownUser(context, deps.profile);
    const turn = quizTurn(deps, context);
    return { card: turn.question(await startQuiz(turn.quiz, user, context.activity.locale)) };
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
    if (!user) return unknownUser(context, deps.profile);
    const turn = quizTurn(deps, context);
    const attemptId = dataString(data, 'attemptId');
    const index = questionIndex(data);
    const choiceId = dataString(data, 'choice');
    if (attemptId === undefined || index === undefined || choiceId === undefined)
      return { card: turn.notice(turn.t.t('quiz.notice.notOpen'), await continuable(turn, user)) };
    return {
      card: await answerCard(turn, user, await answerQuiz(turn.quiz, user, { attemptId, index, choiceId })),
    };
  };

/** "Next question": data `{ attemptId }`; shows that quiz's open question, or its score. */
export const quizNextAction =
  (deps: QuizHandlerDeps) =>
  async (context: TurnContext, data: Record<string, unknown>): Promise<CardActionResult> => {
    const user = activityUser(context.activity);
    if (!user) return unknownUser(context, deps.profile);
    const turn = quizTurn(deps, context);
    const attemptId = dataString(data, 'attemptId');
    if (attemptId === undefined) return { card: turn.notice(turn.t.t('quiz.notice.expired')) };
    return { card: currentCard(turn, await currentQuiz(turn.quiz, user, attemptId)) };
  };
