import { confirmChallengeText } from '../../../../bot/handlers/confirm-challenge';
import { challengeConfirmedCard } from '../../../../cards/verification-challenge-confirmed';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID, inTenant } from '../../../support/activities';
import {
  DUMMY_STAFF_ID,
  fakeProactiveSender,
  handlerDeps,
  rememberUser,
  type ProactiveDelivery,
} from '../support/handler-deps';
import { dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

const SAM = fromUser(DUMMY_STAFF_ID, 'Sam Staff');
const HOW_TO = 'Type **confirm** followed by the code the user read to you, like `confirm 482 913`.';

/** Handler deps whose proactive sender records what reaches Alice, and a challenge Alice asked for. */
const setup = async () => {
  const delivered: ProactiveDelivery[] = [];
  const harness = handlerDeps({
    overrides: (services) => ({ sender: fakeProactiveSender(services, delivered) }),
  });
  const challenge = await harness.deps.verification.issueChallenge({
    tenantId: DUMMY_HOME_TENANT,
    user: { aadObjectId: DUMMY_USER_ID },
  });
  return { ...harness, delivered, code: challenge.code };
};

const grouped = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

describe('confirmChallengeText (`confirm CODE`)', () => {
  it('tells the user proactively, in their own 1:1 chat, which staff member confirmed', async () => {
    const { deps, stores, delivered, code } = await setup();
    const reference = await rememberUser(stores);
    const turn = fakeTurn(dummyMessage(`confirm ${grouped(code)}`, SAM));

    await confirmChallengeText(deps)(turn.context);

    expect(delivered).toHaveLength(1);
    expect(delivered[0].reference.conversation.id).toBe(reference.conversation.id);
    expect(delivered[0].activity.summary).toBe('Sam Staff confirmed your code');
    expect(delivered[0].activity.attachments?.[0].content).toEqual(
      challengeConfirmedCard(translatorFor(DEFAULT_PROFILE, 'en-US'), {
        confirmerName: 'Sam Staff',
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        issuedMinutesAgo: 0,
      }),
    );
  });

  it('tells the staff member that the user was told', async () => {
    const { deps, stores, code } = await setup();
    await rememberUser(stores);
    const turn = fakeTurn(dummyMessage(`confirm ${code}`, SAM));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['Confirmed. I told the user that you are genuine.']);
  });

  it('emits ChallengeConfirmed naming the confirmer', async () => {
    const { deps, stores, events, code } = await setup();
    await rememberUser(stores);

    await confirmChallengeText(deps)(fakeTurn(dummyMessage(`confirm ${code}`, SAM)).context);

    expect(events.ofType('ChallengeConfirmed')).toEqual([
      expect.objectContaining({
        VictimAccountObjectId: DUMMY_USER_ID,
        Details: expect.objectContaining({ confirmerObjectId: DUMMY_STAFF_ID, confirmerName: 'Sam Staff' }),
      }),
    ]);
  });

  it('still confirms when the user cannot be reached, and tells the staff member to say so on the call', async () => {
    // The real sender of local mode: no stored reference for the user, so no_reference.
    const harness = handlerDeps();
    const { code } = await harness.deps.verification.issueChallenge({
      tenantId: DUMMY_HOME_TENANT,
      user: { aadObjectId: DUMMY_USER_ID },
    });
    const turn = fakeTurn(dummyMessage(`confirm ${code}`, SAM));

    await confirmChallengeText(harness.deps)(turn.context);

    expect(turn.texts()).toEqual([
      'Confirmed, but I could not reach the user in Teams (no_reference); tell them on the call that the code matched.',
    ]);
    expect(harness.events.ofType('ChallengeConfirmed')).toHaveLength(1);
    expect(harness.logs()).toContainEqual(
      expect.objectContaining({
        msg: 'could not tell the user about the confirmation',
        reason: 'no_reference',
        aadObjectId: DUMMY_USER_ID,
      }),
    );
  });

  it('refuses a user who is not helpdesk staff, tells nobody, and leaves the challenge open', async () => {
    const { deps, stores, events, delivered, code } = await setup();
    await rememberUser(stores);
    // Alice herself (not on HELPDESK_STAFF_IDS) tries to confirm her own code.
    const turn = fakeTurn(dummyMessage(`confirm ${code}`));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['Only IT Helpdesk staff can confirm challenge codes.']);
    expect(delivered).toEqual([]);
    expect(events.ofType('ChallengeConfirmed')).toEqual([]);
    const later = fakeTurn(dummyMessage(`confirm ${code}`, SAM));
    await confirmChallengeText(deps)(later.context);
    expect(later.texts()).toEqual(['Confirmed. I told the user that you are genuine.']);
  });

  it("refuses a staff member's object ID seen from another tenant", async () => {
    const { deps, delivered, code } = await setup();
    const turn = fakeTurn(dummyMessage(`confirm ${code}`, { ...SAM, ...inTenant(DUMMY_OTHER_TENANT) }));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['Only IT Helpdesk staff can confirm challenge codes.']);
    expect(delivered).toEqual([]);
  });

  it('says a code that matches no open challenge does not, and tells the user nothing', async () => {
    const { deps, stores, delivered, code } = await setup();
    await rememberUser(stores);
    const wrong = code === '000000' ? '000001' : '000000';
    const turn = fakeTurn(dummyMessage(`confirm ${wrong}`, SAM));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual([
      'No open challenge has that code. Ask the user to read it again, or to ask the bot for a new one.',
    ]);
    expect(delivered).toEqual([]);
  });

  it('says a challenge already confirmed was, and tells the user only once', async () => {
    const { deps, stores, delivered, code } = await setup();
    await rememberUser(stores);
    await confirmChallengeText(deps)(fakeTurn(dummyMessage(`confirm ${code}`, SAM)).context);
    const again = fakeTurn(dummyMessage(`confirm ${code}`, SAM));

    await confirmChallengeText(deps)(again.context);

    expect(again.texts()).toEqual(['That challenge was already confirmed.']);
    expect(delivered).toHaveLength(1);
  });

  it('answers a staff member who typed something that is not a code with the code format', async () => {
    const { deps, delivered } = await setup();
    const turn = fakeTurn(dummyMessage('confirm abc', SAM));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['A code is 6 digits, like 482 913.']);
    expect(delivered).toEqual([]);
  });

  it.each([
    ['`confirm` with no code', 'confirm', SAM],
    ['a message with no Entra user behind it', 'confirm 123 456', fromNobody],
  ])('explains how to confirm for %s', async (_what, text, from) => {
    const { deps, events, delivered } = await setup();
    const turn = fakeTurn(dummyMessage(text, from));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual([HOW_TO]);
    expect(delivered).toEqual([]);
    expect(events.ofType('ChallengeConfirmed')).toEqual([]);
  });

  it('takes the command in any case, with spaces around the code', async () => {
    const { deps, stores, delivered, code } = await setup();
    await rememberUser(stores);
    const turn = fakeTurn(dummyMessage(`  CONFIRM  ${grouped(code)} `, SAM));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['Confirmed. I told the user that you are genuine.']);
    expect(delivered).toHaveLength(1);
  });
});

describe('confirmChallengeText in each reader’s language', () => {
  it('answers the staff member in theirs and tells the user in the language of the user’s own Teams', async () => {
    const { deps, stores, delivered, code } = await setup();
    const reference = await rememberUser(stores);
    await stores.conversations.set(
      { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID },
      {
        ...reference,
        locale: 'ja-JP',
      },
    );
    const turn = fakeTurn(dummyMessage(`confirm ${code}`, { ...SAM, locale: 'de-DE' }));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual(['Bestätigt. Ich habe den Benutzer benachrichtigt, dass Sie echt sind.']);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].activity.summary).toBe('Sam Staff があなたのコードを確認しました');
    expect(delivered[0].activity.attachments?.[0].content).toEqual(
      challengeConfirmedCard(translatorFor(DEFAULT_PROFILE, 'ja-JP'), {
        confirmerName: 'Sam Staff',
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
        issuedMinutesAgo: 0,
      }),
    );
    expect(JSON.stringify(delivered[0].activity.attachments)).toContain(
      '本物: Sam Staff (Contoso IT Service Desk)',
    );
  });

  it('refuses a German user who is not staff in German', async () => {
    const { deps, code } = await setup();
    const turn = fakeTurn(dummyMessage(`confirm ${code}`, { locale: 'de-DE' }));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual([
      'Nur Mitarbeitende des IT-Helpdesks können Gegenprüfungscodes bestätigen.',
    ]);
  });

  it('explains how to confirm in English for a locale the bot does not ship', async () => {
    const { deps } = await setup();
    const turn = fakeTurn(dummyMessage('confirm', { ...SAM, locale: 'zh-CN' }));

    await confirmChallengeText(deps)(turn.context);

    expect(turn.texts()).toEqual([HOW_TO]);
  });
});
