import { quizAnswerCard } from '../../../cards/quiz-answer';
import { quizNoticeCard } from '../../../cards/quiz-notice';
import { quizQuestionCard, quizQuestionCardWithPicture } from '../../../cards/quiz-question';
import { QUIZ_NEXT_VERB, QUIZ_START_VERB } from '../../../cards/quiz-verbs';
import { DEFAULT_PROFILE, type HelpdeskProfile } from '../../../src/config/helpdesk-profile';
import type { QuizFeedback, QuizStep } from '../../../src/education/quiz';
import { buildQuizQuestions, shuffleChoices } from '../../../src/education/quiz-questions';
import { translatorFor, type Translator } from '../../../src/i18n/translations';
import { mediaLibraryFor } from '../../../src/media/media-library';
import { cardProblems } from '../../support/card-check';

const en = translatorFor(DEFAULT_PROFILE, undefined);
const de = translatorFor(DEFAULT_PROFILE, 'de-DE');

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

const cards = (profile: HelpdeskProfile, t: Translator = en) => {
  const step = stepOf(profile, 2);
  return [
    ['question', quizQuestionCard(t, step)],
    ['right answer', quizAnswerCard(t, feedbackOf(step, true))],
    ['wrong answer, replayed', quizAnswerCard(t, feedbackOf(step, false), true)],
    ['last answer', quizAnswerCard(t, feedbackOf(step, false, { correct: 3, total: 5, percent: 60 }))],
    ['notice with a way on', quizNoticeCard(t, t.t('quiz.notice.alreadyAnswered'), DUMMY_ATTEMPT)],
    ['notice', quizNoticeCard(t, t.t('quiz.notice.expired'))],
  ] as const;
};

/** Every text a person reads on a card: TextBlocks, button titles and tooltips, alt texts. */
const textsOf = (card: object): string[] => {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node))
        if (['text', 'title', 'tooltip', 'altText'].includes(key) && typeof value === 'string')
          found.push(value);
        else walk(value);
    }
  };
  walk(card);
  return found;
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

    expect(quizAnswerCard(en, feedbackOf(step, true)).actions).toEqual([
      expect.objectContaining({ verb: QUIZ_NEXT_VERB, data: { attemptId: DUMMY_ATTEMPT } }),
    ]);
    expect(
      quizAnswerCard(en, feedbackOf(step, true, { correct: 5, total: 5, percent: 100 })).actions,
    ).toEqual([expect.objectContaining({ verb: QUIZ_START_VERB })]);
  });

  it.each(cards(DEFAULT_PROFILE))('%s matches the snapshot', (_name, card) => {
    expect(card).toMatchSnapshot();
  });
});

describe("quiz cards in the reader's language", () => {
  it.each(cards(DEFAULT_PROFILE, de))('%s in German is a valid card', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('shows a German question with German buttons and hint', () => {
    const texts = textsOf(quizQuestionCard(de, stepOf(DEFAULT_PROFILE, 0)));

    expect(texts).toContain('Frage 1 von 5');
    expect(texts).toContain(
      'In Teams sind drei Chats offen. Welcher kommt wirklich von Contoso IT Service Desk?',
    );
    expect(texts).toContain(
      'Tippen Sie auf Ihre Antwort oder schreiben Sie quiz a bis quiz d. Nur Ihre erste Antwort zählt.',
    );
    expect(texts.join('\n')).not.toMatch(/Question|Tap your answer|Which one|marked External/);
  });

  it('shows a German answer and score, with no English sentence', () => {
    const step = stepOf(DEFAULT_PROFILE, 2);
    const texts = textsOf(
      quizAnswerCard(de, feedbackOf(step, false, { correct: 3, total: 5, percent: 60 }), true),
    );

    expect(texts).toEqual(
      expect.arrayContaining([
        'Frage 3 von 5',
        'Nicht ganz',
        'Sie hatten diese Frage bereits beantwortet. Nur Ihre erste Antwort zählt.',
        'Quiz abgeschlossen: 3 von 5 richtig (60 %)',
        'Quiz wiederholen',
      ]),
    );
    expect(texts.some((text) => text.startsWith('Die richtige Antwort: '))).toBe(true);
    expect(texts.join('\n')).not.toMatch(
      /You answered|The right answer|Quiz complete|Take the quiz|Read the explanations/,
    );
  });

  it('shows German notice buttons', () => {
    expect(textsOf(quizNoticeCard(de, de.t('quiz.notice.expired')))).toEqual([
      de.t('quiz.notice.expired'),
      'Neues Quiz starten',
    ]);
    expect(textsOf(quizNoticeCard(de, 'x', DUMMY_ATTEMPT))).toContain('Quiz fortsetzen');
  });

  it('falls back to English for a language without a catalogue', () => {
    const zh = translatorFor(DEFAULT_PROFILE, 'zh-CN');
    const step = stepOf(DEFAULT_PROFILE, 1);

    expect(quizQuestionCard(zh, step)).toEqual(quizQuestionCard(en, step));
    expect(textsOf(quizAnswerCard(zh, feedbackOf(step, true)))).toContain('Right');
  });

  it("uses the profile's overrides", () => {
    const profile = { ...DEFAULT_PROFILE, messages: { de: { 'quiz.card.next': 'Weiter geht’s' } } };

    expect(
      textsOf(quizAnswerCard(translatorFor(profile, 'de'), feedbackOf(stepOf(profile, 0), true))),
    ).toContain('Weiter geht’s');
  });
});

describe('quiz question pictures', () => {
  const BASE = 'https://guard.contoso.com';
  const imagesOf = (card: object) => (JSON.stringify(card).match(/"type":"Image"/g) ?? []).length;
  const imageOf = (card: { body?: unknown[] }) =>
    (card.body as { type: string; url: string; altText: string }[]).find(
      (element) => element.type === 'Image',
    );

  it.each([
    [0, 'chat-headers'],
    [1, 'quick-assist'],
    [2, 'display-name'],
  ] as const)("question %i shows the %s picture in the reader's language", (index, id) => {
    const card = quizQuestionCardWithPicture(de, DEFAULT_PROFILE, stepOf(DEFAULT_PROFILE, index), {
      publicBaseUrl: BASE,
    }) as { body?: unknown[] };
    const german = mediaLibraryFor(DEFAULT_PROFILE, 'de').image(id);

    expect(imageOf(card)).toEqual(
      expect.objectContaining({ url: `${BASE}/media/${german.fileName}`, altText: german.altText }),
    );
    expect(german.fileName).not.toBe(mediaLibraryFor(DEFAULT_PROFILE).image(id).fileName);
  });

  it('shows no picture on a question none explains', () => {
    expect(imagesOf(quizQuestionCardWithPicture(en, DEFAULT_PROFILE, stepOf(DEFAULT_PROFILE, 3)))).toBe(0);
  });

  it('carries the picture as a data: URI under the card limit without PUBLIC_BASE_URL', () => {
    const card = quizQuestionCardWithPicture(en, DEFAULT_PROFILE, stepOf(DEFAULT_PROFILE, 0)) as {
      body?: unknown[];
    };

    expect(imageOf(card)?.url).toMatch(/^data:image\/png;base64,/);
    expect(imageOf(card)?.altText).toBe(mediaLibraryFor(DEFAULT_PROFILE).image('chat-headers').altText);
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  it.each([0, 1, 2])('question %i stays under 28 KB with its picture for the longest profile', (index) => {
    const card = quizQuestionCardWithPicture(en, dummyLongest, stepOf(dummyLongest, index));

    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });
});
