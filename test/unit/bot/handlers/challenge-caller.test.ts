import { challengeCallerAction, challengeCallerText } from '../../../../bot/handlers/challenge-caller';
import { CHALLENGE_CALLER_VERB, REPORT_CHAT_VERB } from '../../../../cards/verification-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { cardActions, cardCode, cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_BOB_ID,
  DUMMY_OTHER_CHAT,
  DUMMY_STAFF_ID,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
} from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody } from '../support/handler-turn';

const UNKNOWN_USER_TEXT = 'I could not tell who you are; please try again from Teams.';

const tap = (data: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  fakeTurn(dummyCardTap(CHALLENGE_CALLER_VERB, data, overrides));

describe('challengeCallerAction ("Give me a code for the caller")', () => {
  it('answers with a six-digit code to read out, valid 10 minutes', async () => {
    const { deps } = handlerDeps();
    const before = Date.now();

    const card = cardOf(await challengeCallerAction(deps)(tap({}).context, {}));

    expect(cardCode(card)).toMatch(/^\d{6}$/);
    const validity = cardTexts(card).find((text) => text.includes('The code works for'));
    expect(validity).toMatch(/The code works for 10 minutes, until \{\{TIME\(([^)]+)\)\}\}/);
    const until = Date.parse(/TIME\(([^)]+)\)/.exec(validity ?? '')?.[1] ?? '');
    expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 10 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
  });

  // The card said "A genuine IT Helpdesk member confirms it", whatever the profile's helpdesk.
  it('names the profile’s helpdesk as the one who confirms the code', async () => {
    const profile = { ...DEFAULT_PROFILE, helpdeskName: 'Fabrikam Service Desk' };
    const { deps } = handlerDeps({ profile });

    const card = cardOf(await challengeCallerAction(deps)(tap({}).context, {}));

    const texts = cardTexts(card).join('\n');
    expect(texts).toContain('A genuine member of Fabrikam Service Desk confirms it with this bot');
    expect(texts).not.toContain('IT Helpdesk');
  });

  it('issues a challenge that genuine staff can confirm, for the tapping user', async () => {
    const { deps } = handlerDeps();

    const card = cardOf(await challengeCallerAction(deps)(tap({}).context, {}));

    const confirmed = await deps.verification.confirmChallenge({
      tenantId: DUMMY_HOME_TENANT,
      staff: { aadObjectId: DUMMY_STAFF_ID, name: 'Sam Staff' },
      code: cardCode(card) ?? '',
    });
    expect(confirmed).toMatchObject({ ok: true, user: { aadObjectId: DUMMY_USER_ID } });
  });

  it('keeps the chat of a warning the user got: the event and the report button name it', async () => {
    const { deps, stores, events } = handlerDeps();
    await logFirstContact(stores);

    const card = cardOf(
      await challengeCallerAction(deps)(tap({ chatThreadId: DUMMY_WARNED_CHAT }).context, {
        chatThreadId: DUMMY_WARNED_CHAT,
      }),
    );

    expect(cardActions(card)).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: DUMMY_WARNED_CHAT } }),
    ]);
    expect(events.ofType('ChallengeIssued')).toEqual([
      expect.objectContaining({ ChatThreadId: DUMMY_WARNED_CHAT, VictimAccountObjectId: DUMMY_USER_ID }),
    ]);
  });

  it.each([
    ['a chat the bot never logged for the user', DUMMY_OTHER_CHAT, {}],
    ["another user's warned chat", DUMMY_WARNED_CHAT, { recipientId: DUMMY_BOB_ID }],
  ])('drops %s named by the card data', async (_what, chatThreadId, contact) => {
    const { deps, stores, events } = handlerDeps();
    await logFirstContact(stores, contact);

    const card = cardOf(await challengeCallerAction(deps)(tap({ chatThreadId }).context, { chatThreadId }));

    expect(cardCode(card)).toMatch(/^\d{6}$/);
    expect(cardActions(card)).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: '' } }),
    ]);
    expect(events.ofType('ChallengeIssued')).toEqual([expect.objectContaining({ ChatThreadId: null })]);
  });

  it('refuses a tap with no Entra user behind it with 400 user_unknown and issues nothing', async () => {
    const { deps, events } = handlerDeps();

    const result = await challengeCallerAction(deps)(tap({}, fromNobody).context, {});

    expect(result).toEqual({ error: { status: 400, code: 'user_unknown', message: UNKNOWN_USER_TEXT } });
    expect(events.events).toEqual([]);
  });
});

describe('challengeCallerText (`challenge`)', () => {
  it('sends the challenge card with a code, and no chat to report', async () => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage('challenge'));

    await challengeCallerText(deps)(turn.context);

    const [sent, ...more] = turn.cards();
    expect(more).toEqual([]);
    expect(sent.summary).toBe('A code for the caller');
    expect(cardTexts(sent.card)[0]).toBe('Read this code to the caller');
    expect(cardCode(sent.card)).toMatch(/^\d{6}$/);
    expect(cardActions(sent.card)).toEqual([expect.objectContaining({ data: { chatThreadId: '' } })]);
    expect(events.ofType('ChallengeIssued')).toEqual([
      expect.objectContaining({ ChatThreadId: null, VictimAccountObjectId: DUMMY_USER_ID }),
    ]);
  });

  it('answers in the same 1:1 conversation', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage('challenge'));

    await challengeCallerText(deps)(turn.context);

    expect(turn.sent[0].conversation?.id).toBe(turn.context.activity.conversation.id);
  });

  it('says it cannot tell who the user is, and issues nothing, without an Entra user', async () => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage('challenge', fromNobody));

    await challengeCallerText(deps)(turn.context);

    expect(turn.texts()).toEqual([UNKNOWN_USER_TEXT]);
    expect(turn.cards()).toEqual([]);
    expect(events.events).toEqual([]);
  });
});

describe('challenge-back in the user’s language', () => {
  it('gives a German user the challenge card in German', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage('challenge', { locale: 'de-DE' }));

    await challengeCallerText(deps)(turn.context);

    const [sent] = turn.cards();
    expect(sent.summary).toBe('Ein Code für den Anrufer');
    const texts = cardTexts(sent.card);
    expect(texts[0]).toBe('Lesen Sie dem Anrufer diesen Code vor');
    expect(texts).toContainEqual(
      expect.stringMatching(/Der Code gilt 10 Minuten lang, bis \{\{TIME\(.+Z\)\}\}\.$/),
    );
    expect(cardActions(sent.card)).toEqual([expect.objectContaining({ title: 'Diesen Chat melden' })]);
    expect(texts.join(' ')).not.toMatch(/caller|Report this chat/);
  });

  it('gives a user whose language the bot does not ship the English card', async () => {
    const { deps } = handlerDeps();

    const card = cardOf(await challengeCallerAction(deps)(tap({}, { locale: 'zh-CN' }).context, {}));

    expect(cardTexts(card)[0]).toBe('Read this code to the caller');
  });
});
