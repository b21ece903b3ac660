import { acknowledgeSender } from '../../../../bot/handlers/acknowledge-sender';
import { ACKNOWLEDGE_SENDER_VERB } from '../../../../cards/first-contact-warning';
import { warningAcknowledgedCard } from '../../../../cards/warning-acknowledged';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import type { Stores } from '../../../../src/store/stores';
import { DUMMY_USER_ID } from '../../../support/activities';
import { cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_BOB_ID,
  DUMMY_OTHER_CHAT,
  DUMMY_SENDER,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
} from '../support/handler-deps';
import { dummyCardTap, fakeTurn, fromNobody } from '../support/handler-turn';

const tap = (data: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  turn: fakeTurn(dummyCardTap(ACKNOWLEDGE_SENDER_VERB, data, overrides)),
  data,
});

const NOT_FOUND = {
  error: { status: 404, code: 'not_found', message: 'I have no warning about that chat for you.' },
};

describe('acknowledgeSender ("I know this person")', () => {
  it('answers with the acknowledged card naming the sender the user was warned about', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const { turn, data } = tap({ chatThreadId: DUMMY_WARNED_CHAT });

    const result = await acknowledgeSender(deps)(turn.context, data);

    expect(result).toEqual({
      card: warningAcknowledgedCard(translatorFor(DEFAULT_PROFILE, undefined), {
        senderDisplayName: DUMMY_SENDER.displayName,
        orgName: DEFAULT_PROFILE.orgName,
        helpdeskName: DEFAULT_PROFILE.helpdeskName,
      }),
    });
    expect(cardTexts(cardOf(result))[0]).toBe('You said you know IT Helpdesk');
    // The answer is the invoke response: nothing is sent into the chat.
    expect(turn.sent).toEqual([]);
  });

  it('emits UserAcknowledged with the chat, the user and the sender from the first-contact log', async () => {
    const { deps, stores, events } = handlerDeps();
    const contact = await logFirstContact(stores);
    const { turn, data } = tap({ chatThreadId: DUMMY_WARNED_CHAT });

    await acknowledgeSender(deps)(turn.context, data);

    expect(events.ofType('UserAcknowledged')).toEqual([
      expect.objectContaining({
        Severity: 'Medium',
        ChatThreadId: DUMMY_WARNED_CHAT,
        VictimAccountObjectId: DUMMY_USER_ID,
        SenderUPN: DUMMY_SENDER.upn,
        SenderDisplayName: DUMMY_SENDER.displayName,
        SenderTenantId: DUMMY_SENDER.tenantId,
        Details: { warnedAt: new Date(contact.observedAt + 5_000).toISOString() },
      }),
    ]);
  });

  it("puts a UPN or nothing in VictimUPN, never the user's display name", async () => {
    const { deps, stores, events } = handlerDeps();
    const contact = await logFirstContact(stores);
    // The fixture's from.name is the display name "Alice Example"; Teams does not send the UPN.
    const { turn, data } = tap({ chatThreadId: DUMMY_WARNED_CHAT });

    await acknowledgeSender(deps)(turn.context, data);

    const [event] = events.ofType('UserAcknowledged');
    expect([contact.recipientUpn, null]).toContain(event.VictimUPN);
  });

  it.each([
    [
      'a chat the bot never logged for the user',
      DUMMY_OTHER_CHAT,
      async (stores: Stores) => void (await logFirstContact(stores)),
    ],
    [
      'a logged chat whose warning never reached the user',
      DUMMY_WARNED_CHAT,
      async (stores: Stores) => void (await logFirstContact(stores, {}, 'undelivered')),
    ],
    [
      'a logged chat the user was not warned about',
      DUMMY_WARNED_CHAT,
      async (stores: Stores) => void (await logFirstContact(stores, { verdict: 'none' }, 'none')),
    ],
    [
      "another user's warned chat",
      DUMMY_WARNED_CHAT,
      async (stores: Stores) => void (await logFirstContact(stores, { recipientId: DUMMY_BOB_ID })),
    ],
  ])(
    'refuses %s with 404 not_found and emits nothing, whatever the card data says',
    async (_what, chatThreadId, arrange) => {
      const { deps, stores, events } = handlerDeps();
      await arrange(stores);
      const { turn, data } = tap({ chatThreadId });

      const result = await acknowledgeSender(deps)(turn.context, data);

      expect(result).toEqual(NOT_FOUND);
      expect(events.events).toEqual([]);
    },
  );

  it.each([
    ['no chat in the card data', {}],
    ['a chat ID that is not a string', { chatThreadId: ['19:x@unq.gbl.spaces'] }],
    ['an over-long chat ID', { chatThreadId: `${DUMMY_WARNED_CHAT}${'x'.repeat(600)}` }],
  ])('refuses %s with 404 not_found', async (_what, data) => {
    const { deps, stores, events } = handlerDeps();
    await logFirstContact(stores);
    const { turn } = tap(data);

    expect(await acknowledgeSender(deps)(turn.context, data)).toEqual(NOT_FOUND);
    expect(events.events).toEqual([]);
  });

  it('refuses a tap with no Entra user behind it, even for a warned chat', async () => {
    const { deps, stores, events } = handlerDeps();
    await logFirstContact(stores);
    const { turn, data } = tap({ chatThreadId: DUMMY_WARNED_CHAT }, fromNobody);

    expect(await acknowledgeSender(deps)(turn.context, data)).toEqual(NOT_FOUND);
    expect(events.events).toEqual([]);
  });

  it('logs the refusal as a warning naming the user', async () => {
    const { deps, logs } = handlerDeps();
    const { turn, data } = tap({ chatThreadId: DUMMY_OTHER_CHAT });

    await acknowledgeSender(deps)(turn.context, data);

    const line = logs().find((entry) => entry.msg === 'acknowledge refused: no warning for this chat');
    expect(line).toMatchObject({ level: 40, aadObjectId: DUMMY_USER_ID });
  });

  it('answers in German for a de-DE user, card and refusal', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const german = { locale: 'de-DE' };
    const warned = tap({ chatThreadId: DUMMY_WARNED_CHAT }, german);
    const other = tap({ chatThreadId: DUMMY_OTHER_CHAT }, german);

    const result = await acknowledgeSender(deps)(warned.turn.context, warned.data);
    const refused = await acknowledgeSender(deps)(other.turn.context, other.data);

    expect(cardTexts(cardOf(result))[0]).toBe('Sie haben angegeben, dass Sie IT Helpdesk kennen');
    expect(cardTexts(cardOf(result)).join('\n')).not.toMatch(/Stay careful|Changed your mind/);
    expect(refused).toEqual({
      error: { status: 404, code: 'not_found', message: 'Ich habe keine Warnung zu diesem Chat für Sie.' },
    });
  });

  it('answers in English for a locale it has no catalogue for', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const { turn, data } = tap({ chatThreadId: DUMMY_WARNED_CHAT }, { locale: 'zh-CN' });

    expect(cardTexts(cardOf(await acknowledgeSender(deps)(turn.context, data)))[0]).toBe(
      'You said you know IT Helpdesk',
    );
  });
});
