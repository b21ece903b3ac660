import { quizAnswerCard } from '../../../cards/quiz-answer';
import { quizNoticeCard } from '../../../cards/quiz-notice';
import { quizQuestionCard } from '../../../cards/quiz-question';
import { QUIZ_NEXT_VERB, QUIZ_START_VERB } from '../../../cards/quiz-verbs';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../src/config/helpdesk-profile';
import type { QuizFeedback, QuizStep } from '../../../src/education/quiz';
import { buildQuizQuestions, shuffleChoices } from '../../../src/education/quiz-questions';
import { cardProblems } from '../../support/card-check';

const DUMMY_ATTEMPT = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

const stepOf = (profile: HelpdeskProfile, index: number): QuizStep => {
  const questions = buildQuizQuestions(profile);
  return {
    attemptId: DUMMY_ATTEMPT,
    index,
    total: questions.length,
    question: questions[index],
    choices: shuffleChoices(questions[index], 'tenant:alice'),
  };
};

const feedbackOf = (step: QuizStep, correct: boolean, score?: QuizFeedback['score']): QuizFeedback => {
  const right = step.choices.find((choice) => choice.correct)!;
  const wrong = step.choices.find((choice) => !choice.correct)!;
  return { step, chosen: correct ? right : wrong, right, correct, ...(score ? { score } : {}) };
};

/** Every field at its schema maximum: the largest cards a real profile can make. */
const dummyLongest: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: 'O'.repeat(80),
  helpdeskName: 'H'.repeat(80),
  displayNames: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(120, 'D')),
  internalDomains: Array.from({ length: 20 }, (_, i) => `${'d'.repeat(60)}${i}.example`),
  contactChannels: Array.from({ length: 10 }, () => 'C'.repeat(200)),
  phoneNumbers: ['9'.repeat(40)],
};

/** A profile an operator pasted markdown into. */
const dummyMarkdown: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  helpdeskName: 'IT [Reset your password](https://evil.example/reset)',
  contactChannels: ['Chat us at [the portal](https://evil.example)'],
};

const cards = (profile: HelpdeskProfile) => {
  const step = stepOf(profile, 2);
  return [
    ['question', quizQuestionCard(step)],
    ['right answer', quizAnswerCard(feedbackOf(step, true))],
    ['wrong answer, replayed', quizAnswerCard(feedbackOf(step, false), true)],
    ['last answer', quizAnswerCard(feedbackOf(step, false, { correct: 3, total: 5, percent: 60 }))],
    ['notice with a way on', quizNoticeCard('You already answered this question.', DUMMY_ATTEMPT)],
    ['notice', quizNoticeCard('That quiz has expired.')],
  ] as const;
};

describe('quiz cards', () => {
  it.each(cards(DEFAULT_PROFILE))('%s expands into a valid Adaptive Card 1.5', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(cards(dummyLongest))('%s stays under 28 KB for the longest profile', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  it.each(cards(dummyMarkdown).slice(0, 4))(
    '%s shows markdown links of the profile as text',
    (_name, card) => {
      const json = JSON.stringify(card);

      expect(json).toContain('evil.example');
      expect(json).not.toMatch(/\]\s*\(https/);
    },
  );

  it('offers Next question after an answer, and a new quiz after the last', () => {
    const step = stepOf(DEFAULT_PROFILE, 0);

    expect(quizAnswerCard(feedbackOf(step, true)).actions).toEqual([
      expect.objectContaining({ verb: QUIZ_NEXT_VERB, data: { attemptId: DUMMY_ATTEMPT } }),
    ]);
    expect(quizAnswerCard(feedbackOf(step, true, { correct: 5, total: 5, percent: 100 })).actions).toEqual([
      expect.objectContaining({ verb: QUIZ_START_VERB }),
    ]);
  });

  it.each(cards(DEFAULT_PROFILE))('%s matches the snapshot', (_name, card) => {
    expect(card).toMatchSnapshot();
  });
});
