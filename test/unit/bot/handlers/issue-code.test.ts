import { issueCodeAction, issueCodeText } from '../../../../bot/handlers/issue-code';
import { issueFormCard } from '../../../../cards/verification-issue-form';
import { ISSUE_CODE_VERB } from '../../../../cards/verification-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID, inTenant } from '../../../support/activities';
import { cardCode, cardOf, cardTexts } from '../support/card-content';
import { DUMMY_BOB_ID, DUMMY_STAFF_ID, handlerDeps } from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

/** The fixtures' locale (en-US): what every answer here is said in. */
const en = translatorFor(DEFAULT_PROFILE, 'en-US');
const UNKNOWN_USER_TEXT = 'I could not tell who you are; please try again from Teams.';

const SAM = fromUser(DUMMY_STAFF_ID, 'Sam Staff');
const ALICE = fromUser(DUMMY_USER_ID, 'Alice Example');
const NOT_STAFF = 'Only IT Helpdesk staff can issue verification codes. No code was issued.';
const NO_SUCH_USER = 'No user found with that UPN or object ID. Check it and try again; no code was issued.';

const tap = (data: Record<string, unknown>, from: Record<string, unknown> = SAM) =>
  fakeTurn(dummyCardTap(ISSUE_CODE_VERB, data, from));

/** What the verification service answers when `userId` checks `code`. */
const checksOut = async (
  deps: ReturnType<typeof handlerDeps>['deps'],
  userId: string,
  code: string | undefined,
): Promise<unknown> =>
  deps.verification.checkCode({
    tenantId: DUMMY_HOME_TENANT,
    user: { aadObjectId: userId },
    code: code ?? '',
  });

describe('issueCodeText (`issue code <UPN or object ID>`)', () => {
  it('shows a staff member a code for the user, valid 10 minutes, that checks out for that user', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID.toUpperCase()}`, SAM));

    await issueCodeText(deps)(turn.context);

    const [sent, ...more] = turn.cards();
    expect(more).toEqual([]);
    expect(sent.summary).toBe('Verification code');
    const texts = cardTexts(sent.card);
    expect(texts[0]).toBe(`Verification code for ${DUMMY_BOB_ID}`);
    expect(texts).toContainEqual(expect.stringMatching(/^Valid for: 10 minutes, until \{\{TIME\(.+Z\)\}\}$/));
    expect(await checksOut(deps, DUMMY_BOB_ID, cardCode(sent.card))).toMatchObject({
      ok: true,
      issuerName: 'Sam Staff',
      issuerObjectId: DUMMY_STAFF_ID,
    });
  });

  it('binds the code to that user: it does not prove the caller to anyone else', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, SAM));

    await issueCodeText(deps)(turn.context);

    expect(await checksOut(deps, DUMMY_USER_ID, cardCode(turn.cards()[0].card))).toMatchObject({
      ok: false,
      reason: 'other_user',
    });
  });

  it('emits VerificationCodeIssued for the target, and never the code', async () => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, SAM));

    await issueCodeText(deps)(turn.context);

    expect(events.ofType('VerificationCodeIssued')).toEqual([
      expect.objectContaining({
        VictimAccountObjectId: DUMMY_BOB_ID,
        Details: expect.objectContaining({ issuerObjectId: DUMMY_STAFF_ID, issuerName: 'Sam Staff' }),
      }),
    ]);
    const code = cardCode(turn.cards()[0].card);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(events.events)).not.toContain(code);
  });

  it('shows the staff form for plain `issue code`', async () => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage('issue code', SAM));

    await issueCodeText(deps)(turn.context);

    expect(turn.cards()).toEqual([{ card: issueFormCard(en), summary: 'Verification code' }]);
    expect(events.events).toEqual([]);
  });

  it.each([
    ['a user who is not helpdesk staff', dummyMessage(`issue code ${DUMMY_BOB_ID}`)],
    [
      "a staff member's object ID seen from another tenant",
      dummyMessage(`issue code ${DUMMY_BOB_ID}`, { ...SAM, ...inTenant(DUMMY_OTHER_TENANT) }),
    ],
  ])('refuses %s and issues no code', async (_what, activity) => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(activity);

    await issueCodeText(deps)(turn.context);

    expect(turn.texts()).toEqual([NOT_STAFF]);
    expect(turn.cards()).toEqual([]);
    expect(events.ofType('VerificationCodeIssued')).toEqual([]);
  });

  it.each([
    ['a UPN, with no Graph to look it up (local mode)', 'bob@contoso.com'],
    ['neither a UPN nor an object ID', 'bob'],
  ])('shows the form again with the refusal for %s', async (_what, target) => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${target}`, SAM));

    await issueCodeText(deps)(turn.context);

    expect(turn.cards()).toEqual([
      { card: issueFormCard(en, { errorText: NO_SUCH_USER }), summary: 'Verification code' },
    ]);
    expect(events.events).toEqual([]);
  });

  it('says it cannot tell who is asking without an Entra user', async () => {
    const { deps, events } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, fromNobody));

    await issueCodeText(deps)(turn.context);

    expect(turn.texts()).toEqual([UNKNOWN_USER_TEXT]);
    expect(events.events).toEqual([]);
  });
});

describe('issueCodeAction ("Issue code" on the staff form)', () => {
  it('answers a staff member with the code card for the target in the form', async () => {
    const { deps } = handlerDeps();

    const card = cardOf(
      await issueCodeAction(deps)(tap({ target: DUMMY_BOB_ID }).context, { target: ` ${DUMMY_BOB_ID} ` }),
    );

    expect(cardTexts(card)[0]).toBe(`Verification code for ${DUMMY_BOB_ID}`);
    expect(await checksOut(deps, DUMMY_BOB_ID, cardCode(card))).toMatchObject({
      ok: true,
      issuerName: 'Sam Staff',
    });
  });

  it('answers a user who is not staff with the refusal as a message, and issues no code', async () => {
    const { deps, events } = handlerDeps();

    const result = await issueCodeAction(deps)(tap({ target: DUMMY_BOB_ID }, ALICE).context, {
      target: DUMMY_BOB_ID,
    });

    expect(result).toEqual({ message: NOT_STAFF });
    expect(events.events).toEqual([]);
  });

  it('shows the form again for an unknown target', async () => {
    const { deps } = handlerDeps();

    const result = await issueCodeAction(deps)(tap({ target: 'bob' }).context, { target: 'bob' });

    expect(result).toEqual({ card: issueFormCard(en, { errorText: NO_SUCH_USER }) });
  });

  it.each([
    ['no target', {}],
    ['a blank target', { target: '   ' }],
    ['a target that is not a string', { target: 42 }],
  ])('asks for the user again for %s', async (_what, data) => {
    const { deps, events } = handlerDeps();

    const result = await issueCodeAction(deps)(tap(data).context, data);

    expect(result).toEqual({
      card: issueFormCard(en, { errorText: "Type the user's UPN or Entra object ID." }),
    });
    expect(events.events).toEqual([]);
  });

  it('answers a tap with no Entra user behind it with a message saying so', async () => {
    const { deps } = handlerDeps();

    const result = await issueCodeAction(deps)(tap({ target: DUMMY_BOB_ID }, fromNobody).context, {
      target: DUMMY_BOB_ID,
    });

    expect(result).toEqual({ message: UNKNOWN_USER_TEXT });
  });
});

describe('issuing a code in the staff member’s language', () => {
  const GERMAN = { ...SAM, locale: 'de-DE' };

  it('shows a German staff member the code card in German', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, GERMAN));

    await issueCodeText(deps)(turn.context);

    const [sent] = turn.cards();
    expect(sent.summary).toBe('Verifizierungscode');
    const texts = cardTexts(sent.card);
    expect(texts[0]).toBe(`Verifizierungscode für ${DUMMY_BOB_ID}`);
    expect(texts).toContainEqual(expect.stringMatching(/^Gültig für: 10 Minuten, bis \{\{TIME\(.+Z\)\}\}$/));
    expect(texts).toContain('Verwendung: Einmalig, nur durch diesen Benutzer');
    expect(JSON.stringify(sent.card)).not.toMatch(/Valid for|Only you can see this card/);
  });

  it('refuses a German user who is not staff in German', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, { locale: 'de-DE' }));

    await issueCodeText(deps)(turn.context);

    expect(turn.texts()).toEqual([
      'Nur Mitarbeitende des IT-Helpdesks können Verifizierungscodes ausstellen. Es wurde kein Code ausgestellt.',
    ]);
  });

  it('asks again for the user in German on the form', async () => {
    const { deps } = handlerDeps();

    const card = cardOf(await issueCodeAction(deps)(tap({}, GERMAN).context, {}));

    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Verifizierungscode ausstellen',
        'Geben Sie den UPN oder die Entra-Objekt-ID des Benutzers ein.',
      ]),
    );
  });

  it('answers a locale the bot does not ship in English', async () => {
    const { deps } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`issue code ${DUMMY_BOB_ID}`, { locale: 'zh-CN' }));

    await issueCodeText(deps)(turn.context);

    expect(turn.texts()).toEqual([NOT_STAFF]);
  });
});
