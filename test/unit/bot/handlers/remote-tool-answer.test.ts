import { answerRemoteTool, answerRemoteToolText } from '../../../../bot/handlers/remote-tool-answer';
import { remoteToolAlertCard, remoteToolAlertData } from '../../../../cards/remote-tool-alert';
import { DEFAULT_PROFILE } from '../../../../src/config/helpdesk-profile';
import type { RemoteToolAlert, RemoteToolAnswer } from '../../../../src/hunting/remote-tool-alerts';
import { translatorFor } from '../../../../src/i18n/translations';
import { DUMMY_OTHER_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { DUMMY_ALERT_ID, VERBS, dummyAlert } from '../../src/hunting/dummy-alert';
import { cardActions, cardOf, cardTexts } from '../support/card-content';
import { DUMMY_BOB_ID, DUMMY_SENDER, DUMMY_WARNED_CHAT, handlerDeps } from '../support/handler-deps';
import { dummyCardTap, dummyMessage, fakeTurn, fromNobody, fromUser } from '../support/handler-turn';

/** The real services over memory stores, the handler wired as bot/app.ts wires it, and `alert` raised. */
const arrange = async (alert: RemoteToolAlert | null = dummyAlert()) => {
  const harness = handlerDeps();
  const { deps } = harness;
  const alerts = harness.stores.remoteToolAlerts;
  if (alert) await alerts.add(alert);
  return { ...harness, alerts, handler: (answer: RemoteToolAnswer) => answerRemoteTool(deps, answer) };
};

const tap = (
  answer: RemoteToolAnswer,
  data: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) => fakeTurn(dummyCardTap(VERBS[answer], data, overrides));

const cardData = { alertId: DUMMY_ALERT_ID, chatThreadId: DUMMY_WARNED_CHAT };

const NOT_FOUND = {
  error: { status: 404, code: 'not_found', message: 'I have no alert like that for you.' },
};

describe('answerRemoteTool ("I did not start this" / "I started this myself")', () => {
  it.each([
    ['not_me', 'Thank you — the security team has been told'],
    ['myself', 'Thank you — the security team has your answer'],
  ] as const)(
    'answers %s with the card that replaces the alert: %p, no buttons',
    async (answer, headline) => {
      const { alerts, handler } = await arrange();
      const turn = tap(answer, cardData);

      const result = await handler(answer)(turn.context, cardData);

      const stored = await alerts.get(DUMMY_ALERT_ID);
      expect(result).toEqual({
        card: remoteToolAlertCard(translatorFor(DEFAULT_PROFILE, undefined), {
          ...remoteToolAlertData(stored!, DEFAULT_PROFILE),
          answer,
          alreadyAnswered: false,
        }),
      });
      expect(cardTexts(cardOf(result))[0]).toBe(headline);
      expect(cardActions(cardOf(result))).toEqual([]);
      // The answer is the invoke response: nothing is sent into the chat.
      expect(turn.sent).toEqual([]);
    },
  );

  it.each(['not_me', 'myself'] as const)('records %s as the tapping user', async (answer) => {
    const { alerts, handler } = await arrange();

    await handler(answer)(tap(answer, cardData).context, cardData);

    expect((await alerts.get(DUMMY_ALERT_ID))?.answer).toEqual({
      answer,
      by: DUMMY_USER_ID,
      at: expect.any(Number),
    });
  });

  it.each([
    ['not_me', 'High'],
    ['myself', 'Medium'],
  ] as const)(
    'emits one RemoteToolAnswered for %s, severity %s, with the chat and the device',
    async (answer, severity) => {
      const { events, handler } = await arrange();
      const alert = dummyAlert();

      await handler(answer)(tap(answer, cardData).context, cardData);

      expect(events.events).toEqual([
        expect.objectContaining({
          EventType: 'RemoteToolAnswered',
          Severity: severity,
          Source: 'bot',
          ChatThreadId: DUMMY_WARNED_CHAT,
          VictimAccountObjectId: DUMMY_USER_ID,
          VictimUPN: 'alice@contoso.com',
          SenderUPN: DUMMY_SENDER.upn,
          SenderDisplayName: DUMMY_SENDER.displayName,
          SenderTenantId: DUMMY_SENDER.tenantId,
          Details: {
            alertId: DUMMY_ALERT_ID,
            answer,
            answeredAt: expect.any(String),
            tool: 'Quick Assist',
            processName: 'QuickAssist.exe',
            deviceId: alert.device.id,
            deviceName: 'lt-alice-01.contoso.com',
            startedAt: expect.any(String),
            warnedAt: expect.any(String),
            minutesAfterWarning: 12,
          },
        }),
      ]);
    },
  );

  it('queues the refresh of the security card for the alert', async () => {
    const { notifications, handler } = await arrange();

    await handler('not_me')(tap('not_me', cardData).context, cardData);

    expect(await notifications()).toEqual([{ kind: 'remote-tool-security-card', alertId: DUMMY_ALERT_ID }]);
  });

  it.each([
    ['the same answer', 'not_me'],
    ['the other answer', 'myself'],
  ] as const)(
    'keeps the first answer when the user taps %s again, emitting nothing more',
    async (_what, second) => {
      const { alerts, events, handler } = await arrange();
      await handler('not_me')(tap('not_me', cardData).context, cardData);
      const first = (await alerts.get(DUMMY_ALERT_ID))?.answer;

      const result = await handler(second)(tap(second, cardData).context, cardData);

      expect((await alerts.get(DUMMY_ALERT_ID))?.answer).toEqual(first);
      expect(events.ofType('RemoteToolAnswered')).toHaveLength(1);
      expect(cardTexts(cardOf(result))).toEqual(
        expect.arrayContaining([
          'Thank you — the security team has been told',
          'You had already answered; your first answer counts. To change it, call Contoso IT Service Desk.',
        ]),
      );
    },
  );

  it('queues the card refresh again on a repeat tap, so a refresh lost on the first tap is not lost for good', async () => {
    const { notifications, handler } = await arrange();
    await handler('not_me')(tap('not_me', cardData).context, cardData);
    await notifications();

    await handler('not_me')(tap('not_me', cardData).context, cardData);

    expect(await notifications()).toEqual([{ kind: 'remote-tool-security-card', alertId: DUMMY_ALERT_ID }]);
  });

  it('records and reports one answer when two taps arrive at once', async () => {
    const { alerts, events, handler } = await arrange();

    const results = await Promise.all([
      handler('not_me')(tap('not_me', cardData).context, cardData),
      handler('myself')(tap('myself', cardData).context, cardData),
    ]);

    expect(events.ofType('RemoteToolAnswered')).toHaveLength(1);
    expect((await alerts.get(DUMMY_ALERT_ID))?.answer?.answer).toBe(
      events.events[0].Details.answer as RemoteToolAnswer,
    );
    expect(results.every((result) => 'card' in result)).toBe(true);
  });

  it.each([
    [
      "another user's alert",
      dummyAlert({ user: { aadObjectId: DUMMY_BOB_ID, upn: 'bob@contoso.com', displayName: 'Bob' } }),
    ],
    ['an alert of another tenant', dummyAlert({ tenantId: DUMMY_OTHER_TENANT })],
    ['an alert that was never raised', null],
  ])('refuses %s with 404 not_found, recording, emitting and queueing nothing', async (_what, alert) => {
    const { alerts, events, notifications, handler } = await arrange(alert);

    const result = await handler('not_me')(tap('not_me', cardData).context, cardData);

    expect(result).toEqual(NOT_FOUND);
    expect((await alerts.get(DUMMY_ALERT_ID))?.answer).toBeUndefined();
    expect(events.events).toEqual([]);
    expect(await notifications()).toEqual([]);
  });

  it("refuses Bob's tap on Alice's alert, whatever the card data says, and leaves it open for Alice", async () => {
    const { alerts, events, handler } = await arrange();
    const turn = tap('myself', cardData, fromUser(DUMMY_BOB_ID, 'Bob Example'));

    expect(await handler('myself')(turn.context, cardData)).toEqual(NOT_FOUND);
    expect((await alerts.get(DUMMY_ALERT_ID))?.answer).toBeUndefined();
    expect(events.events).toEqual([]);
  });

  it.each([
    ['no alert ID in the card data', { chatThreadId: DUMMY_WARNED_CHAT }],
    ['an alert ID that is not a string', { alertId: [DUMMY_ALERT_ID], chatThreadId: DUMMY_WARNED_CHAT }],
    [
      'an alert ID with a key separator',
      { alertId: `${DUMMY_ALERT_ID}:answer`, chatThreadId: DUMMY_WARNED_CHAT },
    ],
    [
      'an over-long alert ID',
      { alertId: `${DUMMY_ALERT_ID}${'x'.repeat(600)}`, chatThreadId: DUMMY_WARNED_CHAT },
    ],
  ])('refuses %s with 404 not_found', async (_what, data) => {
    const { events, handler } = await arrange();

    expect(await handler('not_me')(tap('not_me', data).context, data)).toEqual(NOT_FOUND);
    expect(events.events).toEqual([]);
  });

  it('refuses a tap with no Entra user behind it', async () => {
    const { events, handler } = await arrange();

    expect(await handler('not_me')(tap('not_me', cardData, fromNobody).context, cardData)).toEqual(NOT_FOUND);
    expect(events.events).toEqual([]);
  });

  it('logs a refusal as a warning naming the user and the alert', async () => {
    const { logs, handler } = await arrange(null);

    await handler('not_me')(tap('not_me', cardData).context, cardData);

    expect(
      logs().find((line) => line.msg === 'remote-tool answer refused: no such alert for this user'),
    ).toMatchObject({
      level: 40,
      aadObjectId: DUMMY_USER_ID,
      alertId: DUMMY_ALERT_ID,
    });
  });
});

describe('answerRemoteToolText (`not me` / `it was me`)', () => {
  it.each([
    ['not me', 'not_me', 'High'],
    ['it was me', 'myself', 'Medium'],
  ] as const)('answers the user’s latest alert when they type %p', async (text, answer, severity) => {
    const harness = await arrange();
    const turn = fakeTurn(dummyMessage(text));

    await answerRemoteToolText(harness.deps, answer)(turn.context);

    expect((await harness.alerts.get(DUMMY_ALERT_ID))?.answer?.answer).toBe(answer);
    expect(harness.events.ofType('RemoteToolAnswered')).toEqual([
      expect.objectContaining({ Severity: severity }),
    ]);
    expect(turn.sent).toHaveLength(1);
    expect(cardTexts(cardOf({ card: turn.sent[0].attachments![0].content as never })).join(' ')).toMatch(
      /Thank/,
    );
  });

  it('says there is no alert when the user has none, and records nothing', async () => {
    const harness = await arrange(null);
    const turn = fakeTurn(dummyMessage('not me'));

    await answerRemoteToolText(harness.deps, 'not_me')(turn.context);

    expect(turn.sent.map((activity) => activity.text)).toEqual([
      'I have no remote-tool alert for you. Type **help** to see what I can do.',
    ]);
    expect(harness.events.ofType('RemoteToolAnswered')).toEqual([]);
  });
});

describe("remote-tool answers in the user's language", () => {
  it('answers a de-DE tap with the German card', async () => {
    const { handler } = await arrange();
    const turn = tap('not_me', cardData, { locale: 'de-DE' });

    const result = await handler('not_me')(turn.context, cardData);

    expect(cardTexts(cardOf(result))[0]).toBe('Danke – das Sicherheitsteam wurde informiert');
    expect(cardTexts(cardOf(result)).join('\n')).not.toMatch(/Keep the device|Until they call/);
  });

  it('refuses an unknown alert in German', async () => {
    const { handler } = await arrange(null);
    const turn = tap('not_me', cardData, { locale: 'de-DE' });

    expect(await handler('not_me')(turn.context, cardData)).toEqual({
      error: { status: 404, code: 'not_found', message: 'Ich habe keine solche Warnung für Sie.' },
    });
  });

  it('says there is no alert in German when a de-DE user types without one', async () => {
    const harness = await arrange(null);
    const turn = fakeTurn(dummyMessage('not me', { locale: 'de-DE' }));

    await answerRemoteToolText(harness.deps, 'not_me')(turn.context);

    expect(turn.sent.map((activity) => activity.text)).toEqual([
      'Ich habe keine Warnung zu einem Fernwartungstool für Sie. Geben Sie **help** ein, um zu sehen, was ich kann.',
    ]);
  });

  it('answers in English for zh-CN', async () => {
    const { handler } = await arrange();
    const turn = tap('myself', cardData, { locale: 'zh-CN' });

    expect(cardTexts(cardOf(await handler('myself')(turn.context, cardData)))[0]).toBe(
      'Thank you — the security team has your answer',
    );
  });
});
