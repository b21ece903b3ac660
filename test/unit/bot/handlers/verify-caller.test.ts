import { verifyCallerAction, verifyCallerText } from '../../../../bot/handlers/verify-caller';
import { checkFormCard } from '../../../../cards/verification-check-form';
import { verificationResultCard } from '../../../../cards/verification-result';
import { REPORT_CHAT_VERB, VERIFY_CALLER_VERB } from '../../../../cards/verification-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_BOB_ID,
  DUMMY_OTHER_CHAT,
  DUMMY_STAFF_ID,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
  type HandlerHarness,
} from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody } from '../support/handler-turn';

/** The fixtures' locale (en-US): what every answer here is said in. */
const en = translatorFor(DEFAULT_PROFILE, 'en-US');
const UNKNOWN_USER_TEXT = 'I could not tell who you are; please try again from Teams.';

const { helpdeskName } = DEFAULT_PROFILE;
const WRONG = 'That code is not valid.';
const MALFORMED =
  'A code is 6 digits, like 482 913. Until a code checks out, treat the caller as not verified.';

/** Sam (helpdesk staff) issues a code for Alice, as `issue code` does. */
const issueForAlice = async ({ deps }: HandlerHarness): Promise<string> => {
  const issued = await deps.verification.issueCode({
    tenantId: DUMMY_HOME_TENANT,
    issuer: { aadObjectId: DUMMY_STAFF_ID, name: 'Sam Staff' },
    target: DUMMY_USER_ID,
  });
  if (!issued.ok) throw new Error(`setup: ${issued.message}`);
  return issued.code;
};

/** A well-formed code that is not `code`. */
const otherThan = (code: string) => (code === '111111' ? '222222' : '111111');

const tap = (data: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  fakeTurn(dummyCardTap(VERIFY_CALLER_VERB, data, overrides));

/** The events of code checks (not of issuing the code in the setup). */
const checkEvents = ({ events }: HandlerHarness) =>
  events.events.filter((event) => event.EventType !== 'VerificationCodeIssued');

const attemptsOn = async (harness: HandlerHarness, chatThreadId: string, userId = DUMMY_USER_ID) =>
  (await harness.stores.firstContacts.get(DUMMY_HOME_TENANT, userId, chatThreadId))?.verificationAttempts;

describe('verifyCallerText (`verify CODE`)', () => {
  it('says a right code is genuine, naming the staff member who issued it', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${code.slice(0, 3)} ${code.slice(3)}`));

    await verifyCallerText(harness.deps)(turn.context);

    expect(turn.cards()).toEqual([
      {
        card: verificationResultCard(en, {
          genuine: true,
          staffName: 'Sam Staff',
          helpdeskName,
          issuedMinutesAgo: 0,
        }),
        summary: 'Verify a caller',
      },
    ]);
    expect(cardTexts(turn.cards()[0].card)[0]).toBe('Genuine: Sam Staff, Contoso IT Service Desk');
    expect(harness.events.ofType('VerificationSucceeded')).toEqual([
      expect.objectContaining({ VictimAccountObjectId: DUMMY_USER_ID, ChatThreadId: null }),
    ]);
  });

  it('says a wrong code is not valid, with a report button that names no chat', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${otherThan(code)}`));

    await verifyCallerText(harness.deps)(turn.context);

    const [sent] = turn.cards();
    expect(sent.card).toEqual(verificationResultCard(en, { genuine: false, reasonText: WRONG }));
    expect(cardActions(sent.card)).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: '' } }),
    ]);
    expect(harness.events.ofType('VerificationFailed')).toEqual([
      expect.objectContaining({ Severity: 'Medium', Details: expect.objectContaining({ reason: 'wrong' }) }),
    ]);
  });

  it('says a code already used is used: a code proves a caller once', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    await verifyCallerText(harness.deps)(fakeTurn(dummyMessage(`verify ${code}`)).context);
    const again = fakeTurn(dummyMessage(`verify ${code}`));

    await verifyCallerText(harness.deps)(again.context);

    expect(cardTexts(again.cards()[0].card)).toContain('That code has already been used.');
  });

  it('shows the form for plain `verify`', async () => {
    const harness = handlerDeps();
    const turn = fakeTurn(dummyMessage('verify'));

    await verifyCallerText(harness.deps)(turn.context);

    expect(turn.cards()).toEqual([{ card: checkFormCard(en, { helpdeskName }), summary: 'Verify a caller' }]);
  });

  it('shows the form again for text that is not a code, and does not count it as a failure', async () => {
    const harness = handlerDeps();
    const turn = fakeTurn(dummyMessage('verify hello'));

    await verifyCallerText(harness.deps)(turn.context);

    expect(turn.cards()).toEqual([
      { card: checkFormCard(en, { helpdeskName, errorText: MALFORMED }), summary: 'Verify a caller' },
    ]);
    expect(harness.events.events).toEqual([]);
  });

  it('shows the form with the reason when no Entra user is behind the message', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${code}`, fromNobody));

    await verifyCallerText(harness.deps)(turn.context);

    expect(turn.cards()[0].card).toEqual(checkFormCard(en, { helpdeskName, errorText: UNKNOWN_USER_TEXT }));
    expect(checkEvents(harness)).toEqual([]);
  });

  it('pauses checks after five wrong codes, refuses even the right one, and tells the security channel', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    for (let i = 0; i < 5; i += 1)
      await verifyCallerText(harness.deps)(fakeTurn(dummyMessage(`verify ${otherThan(code)}`)).context);
    const turn = fakeTurn(dummyMessage(`verify ${code}`));

    await verifyCallerText(harness.deps)(turn.context);

    const texts = cardTexts(turn.cards()[0].card);
    expect(texts).toContain('Not verified');
    expect(texts).toContainEqual(
      expect.stringMatching(/^Too many failed checks\. Checks are paused for \d+ minutes\./),
    );
    const notices = await harness.notifications();
    expect(notices).toEqual([
      {
        kind: 'channel-message',
        text: expect.stringContaining(`user ${DUMMY_USER_ID} failed 5 code checks`),
      },
    ]);
    expect(JSON.stringify(notices)).not.toContain(otherThan(code));
  });
});

describe('verifyCallerAction ("Verify" on the warning card or the form)', () => {
  it('says a right code is genuine and records the attempt, outcome only, on the warned chat', async () => {
    const harness = handlerDeps();
    await logFirstContact(harness.stores);
    const code = await issueForAlice(harness);
    const data = { chatThreadId: DUMMY_WARNED_CHAT, code };

    const result = await verifyCallerAction(harness.deps)(tap(data).context, data);

    expect(result).toEqual({
      card: verificationResultCard(en, {
        genuine: true,
        staffName: 'Sam Staff',
        helpdeskName,
        issuedMinutesAgo: 0,
      }),
    });
    expect(await attemptsOn(harness, DUMMY_WARNED_CHAT)).toEqual([
      { at: expect.any(Number), outcome: 'genuine' },
    ]);
    expect(harness.events.ofType('VerificationSucceeded')).toEqual([
      expect.objectContaining({ ChatThreadId: DUMMY_WARNED_CHAT }),
    ]);
  });

  it('says a wrong code about a warned chat is not valid, with that chat to report, and raises it to High', async () => {
    const harness = handlerDeps();
    await logFirstContact(harness.stores);
    const code = await issueForAlice(harness);
    const data = { chatThreadId: DUMMY_WARNED_CHAT, code: otherThan(code) };

    const card = cardOf(await verifyCallerAction(harness.deps)(tap(data).context, data));

    expect(card).toEqual(
      verificationResultCard(en, { genuine: false, reasonText: WRONG, chatThreadId: DUMMY_WARNED_CHAT }),
    );
    expect(cardActions(card)).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: DUMMY_WARNED_CHAT } }),
    ]);
    expect(harness.events.ofType('VerificationFailed')).toEqual([
      expect.objectContaining({ Severity: 'High', ChatThreadId: DUMMY_WARNED_CHAT }),
    ]);
  });

  it('records a failed attempt as its reason, never as the code tried', async () => {
    const harness = handlerDeps();
    await logFirstContact(harness.stores);
    const code = await issueForAlice(harness);
    const tried = otherThan(code);
    const data = { chatThreadId: DUMMY_WARNED_CHAT, code: tried };

    await verifyCallerAction(harness.deps)(tap(data).context, data);

    const entry = await harness.stores.firstContacts.get(DUMMY_HOME_TENANT, DUMMY_USER_ID, DUMMY_WARNED_CHAT);
    expect(entry?.verificationAttempts).toEqual([{ at: expect.any(Number), outcome: 'wrong' }]);
    expect(JSON.stringify(entry)).not.toContain(tried);
  });

  it.each([
    ['a chat the bot never logged for the user', DUMMY_OTHER_CHAT, {}, 'delivered' as const],
    ['a logged chat whose warning never reached the user', DUMMY_WARNED_CHAT, {}, 'undelivered' as const],
    ["another user's warned chat", DUMMY_WARNED_CHAT, { recipientId: DUMMY_BOB_ID }, 'delivered' as const],
  ])(
    'does not trust %s from the card data: no chat on the answer or the event, no attempt recorded',
    async (_what, chatThreadId, contact, warning) => {
      const harness = handlerDeps();
      const logged = await logFirstContact(harness.stores, contact, warning);
      const code = await issueForAlice(harness);
      const data = { chatThreadId, code: otherThan(code) };

      const card = cardOf(await verifyCallerAction(harness.deps)(tap(data).context, data));

      expect(card).toEqual(verificationResultCard(en, { genuine: false, reasonText: WRONG }));
      expect(harness.events.ofType('VerificationFailed')).toEqual([
        expect.objectContaining({ Severity: 'Medium', ChatThreadId: null }),
      ]);
      expect(await attemptsOn(harness, logged.chatThreadId, logged.recipientId)).toEqual([]);
    },
  );

  it('shows the form again, with the trusted chat, for a code that is not a code, and records no attempt', async () => {
    const harness = handlerDeps();
    await logFirstContact(harness.stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT, code: '12345' };

    const result = await verifyCallerAction(harness.deps)(tap(data).context, data);

    expect(result).toEqual({
      card: checkFormCard(en, { helpdeskName, chatThreadId: DUMMY_WARNED_CHAT, errorText: MALFORMED }),
    });
    expect(await attemptsOn(harness, DUMMY_WARNED_CHAT)).toEqual([]);
    expect(harness.events.events).toEqual([]);
  });

  it('shows the form again, without an untrusted chat, for a malformed code about a chat the user was not warned about', async () => {
    const harness = handlerDeps();
    const data = { chatThreadId: DUMMY_OTHER_CHAT, code: 'abc' };

    const result = await verifyCallerAction(harness.deps)(tap(data).context, data);

    expect(result).toEqual({ card: checkFormCard(en, { helpdeskName, errorText: MALFORMED }) });
  });

  it.each([
    ['no code', { chatThreadId: DUMMY_WARNED_CHAT }],
    ['a blank code', { chatThreadId: DUMMY_WARNED_CHAT, code: '   ' }],
    ['a code that is not a string', { chatThreadId: DUMMY_WARNED_CHAT, code: 482913 }],
  ])('asks for the code again for %s, checking nothing', async (_what, data) => {
    const harness = handlerDeps();
    await logFirstContact(harness.stores);

    const card = cardOf(await verifyCallerAction(harness.deps)(tap(data).context, data));

    expect(cardTexts(card)).toContain('Type the code the caller gave you, like 482 913.');
    expect(cardActions(card).map((action) => action.verb)).toContain(VERIFY_CALLER_VERB);
    expect(harness.events.events).toEqual([]);
    expect(await attemptsOn(harness, DUMMY_WARNED_CHAT)).toEqual([]);
  });

  it('shows the form with the reason for a tap with no Entra user behind it', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const data = { code };

    const card = cardOf(await verifyCallerAction(harness.deps)(tap(data, fromNobody).context, data));

    expect(cardTexts(card)).toContain(UNKNOWN_USER_TEXT);
    expect(checkEvents(harness)).toEqual([]);
  });
});

describe('verifying a caller in the user’s language', () => {
  const GERMAN = { locale: 'de-DE' };

  it('answers `verify CODE` from a German Teams client in German', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${otherThan(code)}`, GERMAN));

    await verifyCallerText(harness.deps)(turn.context);

    const [sent] = turn.cards();
    expect(sent.summary).toBe('Anrufer verifizieren');
    const texts = cardTexts(sent.card);
    expect(texts).toEqual(expect.arrayContaining(['Nicht verifiziert', 'Dieser Code ist ungültig.']));
    expect(texts).not.toContain(WRONG);
    expect(cardActions(sent.card)).toEqual([expect.objectContaining({ title: 'Diesen Chat melden' })]);
  });

  it('names the staff member in German when the code checks out', async () => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const data = { code };

    const card = cardOf(await verifyCallerAction(harness.deps)(tap(data, GERMAN).context, data));

    expect(cardTexts(card).slice(0, 2)).toEqual([
      'Echt: Sam Staff, Contoso IT Service Desk',
      'Der Code wurde gerade eben ausgestellt. Er ist jetzt verbraucht und kann nicht erneut verwendet werden.',
    ]);
  });

  it('asks for the code again in German', async () => {
    const harness = handlerDeps();
    const data = {};

    const card = cardOf(await verifyCallerAction(harness.deps)(tap(data, GERMAN).context, data));

    expect(cardTexts(card)).toContain(
      'Geben Sie den Code ein, den der Anrufer Ihnen genannt hat, z. B. 482 913.',
    );
  });

  it('answers a locale the bot does not ship in English', async () => {
    const harness = handlerDeps();
    const turn = fakeTurn(dummyMessage('verify hello', { locale: 'zh-CN' }));

    await verifyCallerText(harness.deps)(turn.context);

    expect(turn.cards()).toEqual([
      { card: checkFormCard(en, { helpdeskName, errorText: MALFORMED }), summary: 'Verify a caller' },
    ]);
  });

  // The reason said "NOT verified. Stop: ..." above the card's own "Stop. ..." advice.
  it.each([
    ['en-US', /\bstop\b/gi],
    ['de-DE', /brechen sie ab/gi],
    ['fr-FR', /arrêtez/gi],
    ['es-ES', /deténgase/gi],
    ['pt-BR', /\bpare\b/gi],
    ['ja-JP', /中止/g],
  ])('says stop once on the not-verified card in %s', async (locale, stop) => {
    const harness = handlerDeps();
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${otherThan(code)}`, { locale }));

    await verifyCallerText(harness.deps)(turn.context);

    expect(cardTexts(turn.cards()[0].card).join('\n').match(stop)).toHaveLength(1);
  });

  it('names the profile’s helpdesk on the form and on a genuine result', async () => {
    const profile = { ...DEFAULT_PROFILE, helpdeskName: 'Fabrikam Service Desk' };
    const harness = handlerDeps({ profile });
    const code = await issueForAlice(harness);
    const form = fakeTurn(dummyMessage('verify'));
    const checked = fakeTurn(dummyMessage(`verify ${code}`));

    await verifyCallerText(harness.deps)(form.context);
    await verifyCallerText(harness.deps)(checked.context);

    expect(cardTexts(form.cards()[0].card)).toContain(
      'Ask the caller for their verification code. The real Fabrikam Service Desk gets one from this bot and reads it to you.',
    );
    expect(cardTexts(checked.cards()[0].card)[0]).toBe('Genuine: Sam Staff, Fabrikam Service Desk');
  });

  it('uses the profile’s override of a message', async () => {
    const profile = {
      ...DEFAULT_PROFILE,
      messages: { de: { 'verification.check.wrong': 'Dieser Code stimmt nicht.' } },
    };
    const harness = handlerDeps({ profile });
    const code = await issueForAlice(harness);
    const turn = fakeTurn(dummyMessage(`verify ${otherThan(code)}`, GERMAN));

    await verifyCallerText(harness.deps)(turn.context);

    expect(cardTexts(turn.cards()[0].card)).toContain('Dieser Code stimmt nicht.');
  });

  it('tells the security channel about a lockout in the security team’s language, whatever the user’s', async () => {
    const harness = handlerDeps({ profile: { ...DEFAULT_PROFILE, securityTeamLanguage: 'de' } });
    const code = await issueForAlice(harness);
    for (let i = 0; i < 5; i += 1)
      await verifyCallerText(harness.deps)(fakeTurn(dummyMessage(`verify ${otherThan(code)}`)).context);

    const notices = await harness.notifications();

    expect(notices).toEqual([
      {
        kind: 'channel-message',
        text: expect.stringMatching(
          new RegExp(
            `^Verifizierungssperre: Benutzer ${DUMMY_USER_ID} hat 5 Codeprüfungen nicht bestanden und ist für \\d+ Minuten gesperrt\\.$`,
          ),
        ),
      },
    ]);
    expect(JSON.stringify(notices)).not.toContain(otherThan(code));
  });
});
