import { quizAnswerAction, quizNextAction, quizStartAction, quizText } from '../../../../bot/handlers/quiz';
import type { AdaptiveCardJson } from '../../../../cards/adaptive-card';
import { QUIZ_ANSWER_VERB, QUIZ_NEXT_VERB, QUIZ_START_VERB } from '../../../../cards/quiz-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { QUIZ_ID } from '../../../../src/education/quiz';
import { buildQuizQuestions, sayQuizText } from '../../../../src/education/quiz-questions';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_USER_ID } from '../../../support/activities';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import { DUMMY_BOB_ID, handlerDeps } from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

type Deps = ReturnType<typeof handlerDeps>['deps'];
type Json = Record<string, unknown>;

const EN = translatorFor(DEFAULT_PROFILE, undefined);
/** The questions as an English reader sees them. */
const QUESTIONS = buildQuizQuestions(DEFAULT_PROFILE).map((question) => ({
  ...question,
  prompt: EN.text(question.prompt),
  explanation: EN.text(question.explanation),
  choices: question.choices.map((choice) => ({ ...choice, text: sayQuizText(EN, choice.text) })),
}));
const QUIZ_EXPIRED_TEXT = EN.t('quiz.notice.expired');
const QUIZ_ALREADY_ANSWERED_TEXT = EN.t('quiz.notice.alreadyAnswered');
const rightId = (index: number): string => QUESTIONS[index].choices.find((choice) => choice.correct)!.id;
const wrongId = (index: number): string => QUESTIONS[index].choices.find((choice) => !choice.correct)!.id;

/** Sends `text` as Alice (or as `overrides` says) and returns the one card answered. */
const say = async (deps: Deps, text: string, overrides: Json = {}): Promise<AdaptiveCardJson> => {
  const turn = fakeTurn(dummyMessage(text, overrides));
  await quizText(deps)(turn.context);
  expect(turn.cards()).toHaveLength(1);
  expect(turn.cards()[0].summary).toBe('Helpdesk quiz');
  return turn.cards()[0].card;
};

const answer = async (deps: Deps, data: Json, overrides: Json = {}): Promise<AdaptiveCardJson> =>
  cardOf(
    await quizAnswerAction(deps)(fakeTurn(dummyCardTap(QUIZ_ANSWER_VERB, data, overrides)).context, data),
  );

const next = async (deps: Deps, data: Json): Promise<AdaptiveCardJson> =>
  cardOf(await quizNextAction(deps)(fakeTurn(dummyCardTap(QUIZ_NEXT_VERB, data)).context, data));

/** The answer buttons of a question card: their titles and data. */
const buttons = (card: AdaptiveCardJson) =>
  cardActions(card).filter((action) => action.verb === QUIZ_ANSWER_VERB);

/** The card data of the button for `choiceId` (what Teams sends back when it is tapped). */
const tapData = (card: AdaptiveCardJson, choiceId: string): Json => {
  const button = buttons(card).find((action) => (action.data as Json).choice === choiceId);
  if (!button) throw new Error(`no button for ${choiceId}`);
  return button.data as Json;
};

const attemptOf = (card: AdaptiveCardJson): string => (buttons(card)[0].data as Json).attemptId as string;

describe('the quiz handlers', () => {
  it('`quiz` starts with question 1 and one Action.Execute per choice, naming the attempt', async () => {
    const { deps } = handlerDeps();

    const card = await say(deps, 'quiz');

    expect(cardTexts(card).slice(0, 2)).toEqual([`Question 1 of ${QUESTIONS.length}`, QUESTIONS[0].prompt]);
    expect(buttons(card).map((action) => action.title)).toEqual(['A', 'B', 'C', 'D']);
    expect(buttons(card).map((action) => (action.data as Json).choice)).toEqual(
      expect.arrayContaining(QUESTIONS[0].choices.map((choice) => choice.id)),
    );
    for (const action of buttons(card))
      expect(action.data).toEqual({
        attemptId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        question: 0,
        choice: expect.any(String),
      });
  });

  it('answers a right tap with "Right", the explanation and a Next question button', async () => {
    const { deps } = handlerDeps();
    const question = await say(deps, 'quiz');

    const card = await answer(deps, tapData(question, rightId(0)));

    expect(cardTexts(card)).toEqual(expect.arrayContaining(['Right', QUESTIONS[0].explanation]));
    expect(cardActions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Next question',
        verb: QUIZ_NEXT_VERB,
        data: { attemptId: attemptOf(question) },
      },
    ]);
  });

  it('answers a wrong tap with "Not quite" and the right answer', async () => {
    const { deps } = handlerDeps();
    const question = await say(deps, 'quiz');
    const right = QUESTIONS[0].choices.find((choice) => choice.correct)!;

    const texts = cardTexts(await answer(deps, tapData(question, wrongId(0))));

    expect(texts).toContain('Not quite');
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^The right answer: [A-D]\\. ${right.text}$`)),
      ]),
    );
  });

  it('ignores a replayed or second tap on an answered question, and says so', async () => {
    const { deps, events } = handlerDeps();
    const question = await say(deps, 'quiz');
    await answer(deps, tapData(question, wrongId(0)));

    const replay = await answer(deps, tapData(question, rightId(0)));

    expect(cardTexts(replay)).toEqual(
      expect.arrayContaining([
        'Not quite',
        'You had already answered this question. Only your first answer counts.',
      ]),
    );
    expect(cardTexts(await next(deps, { attemptId: attemptOf(question) }))[0]).toBe(
      `Question 2 of ${QUESTIONS.length}`,
    );
    expect(events.events).toEqual([]);
  });

  it('counts only one of two taps that race on the same question', async () => {
    const { deps } = handlerDeps();
    const question = await say(deps, 'quiz');

    const cards = await Promise.all([
      answer(deps, tapData(question, rightId(0))),
      answer(deps, tapData(question, wrongId(0))),
    ]);

    const texts = cards.map((card) => cardTexts(card));
    expect(texts.filter((each) => each.includes(QUIZ_ALREADY_ANSWERED_TEXT))).toHaveLength(1);
    expect(texts.filter((each) => each.includes('Right') || each.includes('Not quite'))).toHaveLength(1);
  });

  it('refuses a tap on a question that is not open yet, showing the open one', async () => {
    const { deps } = handlerDeps();
    const question = await say(deps, 'quiz');

    const card = await answer(deps, { ...tapData(question, rightId(0)), question: 1, choice: rightId(1) });

    expect(cardTexts(card)[0]).toBe(`Question 1 of ${QUESTIONS.length}`);
    expect(cardTexts(await answer(deps, tapData(question, rightId(0))))).toContain('Right');
  });

  it('shows the next question after "Next question"', async () => {
    const { deps } = handlerDeps();
    const question = await say(deps, 'quiz');
    await answer(deps, tapData(question, rightId(0)));

    const card = await next(deps, { attemptId: attemptOf(question) });

    expect(cardTexts(card).slice(0, 2)).toEqual([`Question 2 of ${QUESTIONS.length}`, QUESTIONS[1].prompt]);
    expect((buttons(card)[0].data as Json).question).toBe(1);
  });

  describe('a full run', () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
    afterEach(() => jest.restoreAllMocks());

    /** Answers every question, right where `right` says so, 30 s apart; returns the last card. */
    const run = async (deps: Deps, right: boolean[]) => {
      let card = await say(deps, 'quiz');
      const attemptId = attemptOf(card);
      let last: AdaptiveCardJson = card;
      for (const [index, isRight] of right.entries()) {
        now += 30_000;
        last = await answer(deps, tapData(card, isRight ? rightId(index) : wrongId(index)));
        if (index < right.length - 1) card = await next(deps, { attemptId });
      }
      return { attemptId, last, lastTap: tapData(card, rightId(right.length - 1)) };
    };

    it('ends with the score card and a way to start again', async () => {
      const { deps } = handlerDeps();

      const { last } = await run(deps, [true, false, true, true, false]);

      expect(cardTexts(last)).toContain('Quiz complete: 3 of 5 right (60%)');
      expect(cardActions(last)).toEqual([
        { type: 'Action.Execute', title: 'Take the quiz again', verb: QUIZ_START_VERB },
      ]);
    });

    it('emits one TrainingCompleted with the counts and no wording, also when the last tap is replayed', async () => {
      const { deps, events } = handlerDeps();

      const { attemptId, lastTap } = await run(deps, [true, false, true, true, false]);
      await answer(deps, lastTap);
      await say(deps, 'quiz next');

      expect(events.events).toHaveLength(1);
      expect(events.events[0]).toMatchObject({
        EventType: 'TrainingCompleted',
        Severity: 'Informational',
        VictimAccountObjectId: DUMMY_USER_ID,
        ChatThreadId: null,
        SenderDisplayName: null,
      });
      expect(events.events[0].Details).toEqual({
        quizId: QUIZ_ID,
        attemptId,
        questions: 5,
        correct: 3,
        scorePercent: 60,
        durationSeconds: 150,
        locale: 'en-US',
      });
      const json = JSON.stringify(events.events[0]);
      for (const question of QUESTIONS)
        for (const text of [
          question.prompt,
          question.explanation,
          ...question.choices.map((choice) => choice.text),
        ])
          expect(json).not.toContain(text);
    });

    it('scores a perfect run 100%', async () => {
      const { deps, events } = handlerDeps();

      const { last } = await run(deps, [true, true, true, true, true]);

      expect(cardTexts(last)).toContain('Quiz complete: 5 of 5 right (100%)');
      expect(events.ofType('TrainingCompleted')[0].Details).toMatchObject({ correct: 5, scorePercent: 100 });
    });

    it('still shows the score when the event cannot be emitted, and logs it', async () => {
      const { deps, events, logs } = handlerDeps();
      events.failWith(new Error('outbox down'));

      const { last } = await run(deps, [true, true, true, true, true]);

      expect(cardTexts(last)).toContain('Quiz complete: 5 of 5 right (100%)');
      expect(logs().find((line) => line.msg === 'TrainingCompleted could not be emitted')).toMatchObject({
        level: 50,
      });
    });
  });

  describe('typed answers', () => {
    it('`quiz a` and `quiz 2` answer the open question with the choice at that place', async () => {
      const { deps } = handlerDeps();
      const question = await say(deps, 'quiz');
      const first = buttons(question)[0].data as Json;

      const card = await say(deps, 'quiz a');

      expect(cardTexts(card)).toContain(first.choice === rightId(0) ? 'Right' : 'Not quite');
      expect(cardTexts(card)).toEqual(expect.arrayContaining([expect.stringMatching(/^You answered: A\. /)]));
      const second = await say(deps, 'quiz next');
      expect(cardTexts(second)[0]).toBe(`Question 2 of ${QUESTIONS.length}`);
      expect(cardTexts(await say(deps, 'QUIZ 2'))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^You answered: B\. /)]),
      );
    });

    it('shows the open question again for an answer that names no choice', async () => {
      const { deps } = handlerDeps();
      await say(deps, 'quiz');

      const card = await say(deps, 'quiz z');

      expect(cardTexts(card)[0]).toBe(`Question 1 of ${QUESTIONS.length}`);
      expect(cardTexts(await say(deps, 'quiz a'))[0]).toBe(`Question 1 of ${QUESTIONS.length}`);
      expect(cardTexts(await say(deps, 'quiz next'))[0]).toBe(`Question 2 of ${QUESTIONS.length}`);
    });

    it('says there is no quiz open when none was started', async () => {
      const { deps } = handlerDeps();

      expect(cardTexts(await say(deps, 'quiz b'))).toEqual([
        'You have no quiz open. Type quiz to start one.',
      ]);
    });
  });

  describe('untrusted card data', () => {
    it("refuses another user's attempt and leaves it as it was", async () => {
      const { deps } = handlerDeps();
      const question = await say(deps, 'quiz');

      const bob = await answer(deps, tapData(question, rightId(0)), fromUser(DUMMY_BOB_ID, 'Bob'));

      expect(cardTexts(bob)).toEqual([QUIZ_EXPIRED_TEXT]);
      expect(cardTexts(await answer(deps, tapData(question, wrongId(0))))).toContain('Not quite');
    });

    it('retires an unfinished quiz when a new one starts', async () => {
      const { deps } = handlerDeps();
      const old = await say(deps, 'quiz');
      await say(deps, 'quiz');

      expect(cardTexts(await answer(deps, tapData(old, rightId(0))))).toEqual([QUIZ_EXPIRED_TEXT]);
    });

    it.each([
      ['an unknown choice', { choice: 'made-up' }],
      ['a question index that is not a number', { question: 'first' }],
      ['a negative question index', { question: -1 }],
      ['no attempt', { attemptId: undefined }],
      ['an attempt ID that is not a UUID', { attemptId: 'quiz:*' }],
    ])('changes nothing for %s', async (_what, change) => {
      const { deps } = handlerDeps();
      const question = await say(deps, 'quiz');

      const card = await answer(deps, { ...tapData(question, wrongId(0)), ...change });

      expect(cardTexts(card)).not.toContain('Not quite');
      expect(cardTexts(await answer(deps, tapData(question, rightId(0))))).toContain('Right');
    });

    it('refuses a tap with no Entra user behind it', async () => {
      const { deps } = handlerDeps();
      const question = await say(deps, 'quiz');
      const data = tapData(question, rightId(0));

      const result = await quizAnswerAction(deps)(
        fakeTurn(dummyCardTap(QUIZ_ANSWER_VERB, data, fromNobody)).context,
        data,
      );

      expect(result).toEqual({ error: expect.objectContaining({ status: 400, code: 'user_unknown' }) });
    });
  });

  it('the start verb answers with the first question of a new quiz', async () => {
    const { deps } = handlerDeps();

    const result = await quizStartAction(deps)(fakeTurn(dummyCardTap(QUIZ_START_VERB, {})).context);

    expect(cardTexts(cardOf(result))[0]).toBe(`Question 1 of ${QUESTIONS.length}`);
  });

  describe("in the reader's language", () => {
    const DE = translatorFor(DEFAULT_PROFILE, 'de-DE');
    const german = { locale: 'de-DE' };
    const imageOf = (card: AdaptiveCardJson) =>
      (card.body as Json[]).find((element) => element.type === 'Image') as Json | undefined;

    it('asks the questions in German for a de-DE activity, with a German summary and picture', async () => {
      const { deps } = handlerDeps();
      const turn = fakeTurn(dummyMessage('quiz', german));

      await quizText(deps)(turn.context);

      const { card, summary } = turn.cards()[0];
      expect(summary).toBe('Helpdesk-Quiz');
      expect(cardTexts(card).slice(0, 2)).toEqual([
        `Frage 1 von ${QUESTIONS.length}`,
        DE.t('quiz.questions.realHelpdesk.prompt', { helpdeskName: DEFAULT_PROFILE.helpdeskName }),
      ]);
      expect(imageOf(card)?.altText).toBe(
        DE.t('pictures.chatHeaders.alt', {
          helpdeskName: DEFAULT_PROFILE.helpdeskName,
          domain: DEFAULT_PROFILE.internalDomains[0],
          impersonator: 'IT-Helpdesk',
        }),
      );
      expect(cardTexts(card).join('\n')).not.toMatch(/Question|Which one|Tap your answer|marked External/);
    });

    it('answers a German tap in German', async () => {
      const { deps } = handlerDeps();
      const turn = fakeTurn(dummyMessage('quiz', german));
      await quizText(deps)(turn.context);
      const data = tapData(turn.cards()[0].card, wrongId(0));

      const card = cardOf(
        await quizAnswerAction(deps)(fakeTurn(dummyCardTap(QUIZ_ANSWER_VERB, data, german)).context, data),
      );

      expect(cardTexts(card)).toEqual(expect.arrayContaining(['Nicht ganz']));
      expect(cardTexts(card).some((text) => text.startsWith('Die richtige Antwort: '))).toBe(true);
      expect(cardActions(card).map((action) => action.title)).toEqual(['Nächste Frage']);
      expect(cardTexts(card).join('\n')).not.toMatch(
        /Not quite|The right answer|You answered|Neither Microsoft/,
      );
    });

    it('says German notices in German', async () => {
      const { deps } = handlerDeps();

      const card = cardOf(
        await quizNextAction(deps)(fakeTurn(dummyCardTap(QUIZ_NEXT_VERB, {}, german)).context, {}),
      );

      expect(cardTexts(card)).toEqual([DE.t('quiz.notice.expired')]);
      expect(cardActions(card).map((action) => action.title)).toEqual(['Neues Quiz starten']);
    });

    it('refuses a tap with no Entra user in German', async () => {
      const { deps } = handlerDeps();

      const result = await quizStartAction(deps)(
        fakeTurn(dummyCardTap(QUIZ_START_VERB, {}, { ...fromNobody, ...german })).context,
      );

      expect(result).toEqual({
        error: expect.objectContaining({ status: 400, message: DE.t('common.unknownUser') }),
      });
    });

    it('falls back to English for a locale without a catalogue', async () => {
      const { deps } = handlerDeps();

      const card = await say(deps, 'quiz', { locale: 'zh-CN' });

      expect(cardTexts(card).slice(0, 2)).toEqual([`Question 1 of ${QUESTIONS.length}`, QUESTIONS[0].prompt]);
    });
  });
});
