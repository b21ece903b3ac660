import { reportChatAction, reportChatText } from '../../../../bot/handlers/report-chat';
import { reportRecentCard } from '../../../../cards/report-recent';
import { reportThanksCard } from '../../../../cards/report-thanks';
import { REPORT_CHAT_VERB } from '../../../../cards/report-verbs';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import {
  DUMMY_BOB_ID,
  DUMMY_OTHER_CHAT,
  DUMMY_SENDER,
  DUMMY_WARNED_CHAT,
  handlerDeps,
  logFirstContact,
} from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody } from '../support/handler-turn';

const UNKNOWN_CHAT =
  'I have no record of warning you about that chat, so I cannot report it from here. ' +
  'Copy the link of a message in the chat and send: report <link>';

/** No locale: English. */
const en = translatorFor({}, undefined);

const tap = (data: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  fakeTurn(dummyCardTap(REPORT_CHAT_VERB, data, overrides));

/** A link to DUMMY_OTHER_CHAT as "Copy link" on a message gives it. */
const OTHER_CHAT_LINK = `https://teams.microsoft.com/l/message/${encodeURIComponent(DUMMY_OTHER_CHAT)}/1732698200456?tenantId=${DUMMY_HOME_TENANT}`;

describe('reportChatAction ("Report this chat")', () => {
  it('answers a report of a warned chat with the thanks card naming the warned sender', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };

    const result = await reportChatAction(deps)(tap(data).context, data);

    expect(result).toEqual({
      card: reportThanksCard(en, { senderName: DUMMY_SENDER.displayName, alreadyReported: false }),
    });
    expect(cardTexts(cardOf(result))).toContain('The security team now has the chat with IT Helpdesk.');
  });

  it('stores the report with the reporter checked and queues the security card for it', async () => {
    const { deps, stores, notifications } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };

    await reportChatAction(deps)(tap(data).context, data);

    const report = await stores.reports.findByThread(DUMMY_HOME_TENANT, DUMMY_WARNED_CHAT);
    expect(report).toMatchObject({
      sender: DUMMY_SENDER,
      reporters: [{ aadObjectId: DUMMY_USER_ID, name: 'Alice Example', checked: true }],
      status: 'open',
    });
    expect(await notifications()).toEqual([{ kind: 'security-card', reportId: report?.reportId }]);
  });

  it('emits ChatReported, High after a warning', async () => {
    const { deps, stores, events } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };

    await reportChatAction(deps)(tap(data).context, data);

    expect(events.ofType('ChatReported')).toEqual([
      expect.objectContaining({
        Severity: 'High',
        ChatThreadId: DUMMY_WARNED_CHAT,
        VictimAccountObjectId: DUMMY_USER_ID,
        SenderDisplayName: DUMMY_SENDER.displayName,
      }),
    ]);
  });

  it('thanks a second tap as already reported, and queues no second security card', async () => {
    const { deps, stores, events, notifications } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };
    await reportChatAction(deps)(tap(data).context, data);
    await notifications();

    const again = await reportChatAction(deps)(tap(data).context, data);

    expect(again).toEqual({
      card: reportThanksCard(en, { senderName: DUMMY_SENDER.displayName, alreadyReported: true }),
    });
    expect(await notifications()).toEqual([]);
    expect(events.ofType('ChatReported')).toHaveLength(1);
  });

  it.each([
    ['a chat the bot never logged for the user', DUMMY_OTHER_CHAT, {}],
    ["another user's warned chat", DUMMY_WARNED_CHAT, { recipientId: DUMMY_BOB_ID }],
    ['a card chat ID that is not a thread ID', 'https://evil.example/19:x@unq.gbl.spaces', {}],
  ])(
    'refuses %s with 404 report_refused, storing and queueing nothing',
    async (_what, chatThreadId, contact) => {
      const { deps, stores, events, notifications } = handlerDeps();
      await logFirstContact(stores, contact);
      const data = { chatThreadId };

      const result = await reportChatAction(deps)(tap(data).context, data);

      expect(result).toEqual({ error: { status: 404, code: 'report_refused', message: UNKNOWN_CHAT } });
      expect(await stores.reports.findByThread(DUMMY_HOME_TENANT, chatThreadId)).toBeUndefined();
      expect(await notifications()).toEqual([]);
      expect(events.events).toEqual([]);
    },
  );

  it('refuses a report with no Entra user behind the tap with 400 report_refused', async () => {
    const { deps, stores, notifications } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };

    const result = await reportChatAction(deps)(tap(data, fromNobody).context, data);

    expect(result).toEqual({
      error: { status: 400, code: 'report_refused', message: en.t('common.unknownUser') },
    });
    expect(await stores.reports.findByThread(DUMMY_HOME_TENANT, DUMMY_WARNED_CHAT)).toBeUndefined();
    expect(await notifications()).toEqual([]);
  });

  it.each([
    ['no chat', {}],
    ['an empty chat (a card that did not know it)', { chatThreadId: '' }],
  ])('answers a tap naming %s with the list of recent contacts to report', async (_what, data) => {
    const { deps, stores } = handlerDeps();
    const contact = await logFirstContact(stores);

    const result = await reportChatAction(deps)(tap(data).context, data);

    expect(result).toEqual({
      card: reportRecentCard(en, {
        contacts: [
          {
            chatThreadId: DUMMY_WARNED_CHAT,
            sender: DUMMY_SENDER,
            observedAt: contact.observedAt,
            verdict: 'warn',
            reportedByUser: false,
          },
        ],
        days: 14,
      }),
    });
    expect(cardActions(cardOf(result))).toContainEqual(
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: DUMMY_WARNED_CHAT } }),
    );
  });

  it('answers a tap naming no chat, with no Entra user behind it, with 400 user_unknown', async () => {
    const { deps } = handlerDeps();

    const result = await reportChatAction(deps)(tap({}, fromNobody).context, {});

    expect(result).toEqual({
      error: { status: 400, code: 'user_unknown', message: en.t('common.unknownUser') },
    });
  });
});

describe('reportChatText (`report`, `report <link>`)', () => {
  it('lists the recent external contacts for plain `report`, without those of other users', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    await logFirstContact(stores, { recipientId: DUMMY_BOB_ID, chatThreadId: DUMMY_OTHER_CHAT });
    const turn = fakeTurn(dummyMessage('report'));

    await reportChatText(deps)(turn.context);

    const [sent, ...more] = turn.cards();
    expect(more).toEqual([]);
    expect(sent.summary).toBe('Report a chat');
    const chats = cardActions(sent.card).flatMap((action) =>
      action.verb === REPORT_CHAT_VERB ? [(action.data as { chatThreadId: string }).chatThreadId] : [],
    );
    expect(chats).toEqual([DUMMY_WARNED_CHAT]);
  });

  it('reports a chat by its link, unchecked and without a sender, and queues the security card', async () => {
    const { deps, stores, notifications } = handlerDeps();
    const turn = fakeTurn(dummyMessage(`report ${OTHER_CHAT_LINK}`));

    await reportChatText(deps)(turn.context);

    expect(turn.cards()).toEqual([
      { card: reportThanksCard(en, { alreadyReported: false }), summary: 'Reported, thank you' },
    ]);
    const report = await stores.reports.findByThread(DUMMY_HOME_TENANT, DUMMY_OTHER_CHAT);
    expect(report?.reporters).toEqual([
      expect.objectContaining({ aadObjectId: DUMMY_USER_ID, checked: false }),
    ]);
    expect(report?.sender).toBeUndefined();
    expect(await notifications()).toEqual([{ kind: 'security-card', reportId: report?.reportId }]);
  });

  it("does not tell a user who reports another user's chat by link what the bot knows of it", async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores, { recipientId: DUMMY_BOB_ID, chatThreadId: DUMMY_OTHER_CHAT });
    const turn = fakeTurn(dummyMessage(`report ${DUMMY_OTHER_CHAT}`));

    await reportChatText(deps)(turn.context);

    expect(turn.cards()[0].card).toEqual(reportThanksCard(en, { alreadyReported: false }));
    expect(JSON.stringify(turn.sent)).not.toContain(DUMMY_SENDER.displayName);
  });

  it('answers text that is not a Teams chat link with how to copy one, and stores nothing', async () => {
    const { deps, notifications } = handlerDeps();
    const turn = fakeTurn(dummyMessage('report https://teams.rnicrosoft.com/l/chat/19:x@unq.gbl.spaces/0'));

    await reportChatText(deps)(turn.context);

    expect(turn.texts()).toEqual([expect.stringMatching(/^That is not a Teams chat link\./)]);
    expect(turn.cards()).toEqual([]);
    expect(await notifications()).toEqual([]);
  });

  it.each([
    ['`report`', 'report'],
    ['`report <link>`', `report ${OTHER_CHAT_LINK}`],
  ])('says it cannot tell who the user is for %s without an Entra user', async (_what, text) => {
    const { deps, notifications } = handlerDeps();
    const turn = fakeTurn(dummyMessage(text, fromNobody));

    await reportChatText(deps)(turn.context);

    expect(turn.texts()).toEqual([en.t('common.unknownUser')]);
    expect(await notifications()).toEqual([]);
  });
});

describe('report answers in the user\u2019s language', () => {
  const de = translatorFor({}, 'de-DE');
  const german = { locale: 'de-DE' };

  it('thanks a German user with the German card', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_WARNED_CHAT };

    const result = await reportChatAction(deps)(tap(data, german).context, data);

    expect(result).toEqual({
      card: reportThanksCard(de, { senderName: DUMMY_SENDER.displayName, alreadyReported: false }),
    });
    expect(cardTexts(cardOf(result))).toContain('Das Sicherheitsteam hat jetzt den Chat mit IT Helpdesk.');
  });

  it('refuses an unknown chat in German', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const data = { chatThreadId: DUMMY_OTHER_CHAT };

    const result = await reportChatAction(deps)(tap(data, german).context, data);

    expect(result).toEqual({
      error: { status: 404, code: 'report_refused', message: de.t('report.chat.unknownChat') },
    });
    expect(de.t('report.chat.unknownChat')).toMatch(/^Ich habe keine Aufzeichnung/);
  });

  it('lists recent contacts with a German card and summary for `report`', async () => {
    const { deps, stores } = handlerDeps();
    await logFirstContact(stores);
    const turn = fakeTurn(dummyMessage('report', german));

    await reportChatText(deps)(turn.context);

    expect(turn.cards()).toEqual([expect.objectContaining({ summary: 'Einen Chat melden' })]);
    expect(cardActions(turn.cards()[0].card)).toContainEqual(
      expect.objectContaining({ title: 'Diesen Chat melden', verb: REPORT_CHAT_VERB }),
    );
  });

  it('answers a text that is not a chat link in German, and an unknown locale in English', async () => {
    const link = 'report https://teams.rnicrosoft.com/l/chat/19:x@unq.gbl.spaces/0';
    const { deps } = handlerDeps();
    const inGerman = fakeTurn(dummyMessage(link, german));
    const inChinese = fakeTurn(dummyMessage(link, { locale: 'zh-CN' }));

    await reportChatText(deps)(inGerman.context);
    await reportChatText(deps)(inChinese.context);

    expect(inGerman.texts()).toEqual([expect.stringMatching(/^Das ist kein Teams-Chatlink\./)]);
    expect(inChinese.texts()).toEqual([expect.stringMatching(/^That is not a Teams chat link\./)]);
  });

  it('says the profile\u2019s override of a report message', async () => {
    const messages = { de: { 'report.thanks.card.title': 'Meldung angekommen' } };
    const { deps } = handlerDeps({ profile: { ...DEFAULT_PROFILE, messages } });
    const turn = fakeTurn(dummyMessage(`report ${OTHER_CHAT_LINK}`, german));

    await reportChatText(deps)(turn.context);

    expect(turn.cards()).toEqual([expect.objectContaining({ summary: 'Meldung angekommen' })]);
    expect(cardTexts(turn.cards()[0].card)).toContain('Meldung angekommen');
  });
});
