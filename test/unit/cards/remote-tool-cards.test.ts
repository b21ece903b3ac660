import type { AdaptiveCardJson } from '../../../cards/adaptive-card';
import {
  helpdeskPhoneText,
  remoteToolAlertCard,
  remoteToolAlertData,
  type RemoteToolAlertData,
} from '../../../cards/remote-tool-alert';
import { deviceHuntingQuery, remoteToolSecurityCard } from '../../../cards/remote-tool-security';
import {
  REMOTE_TOOL_ANSWER_VERBS,
  REMOTE_TOOL_MYSELF_VERB,
  REMOTE_TOOL_NOT_ME_VERB,
} from '../../../cards/remote-tool-verbs';
import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import type { RemoteToolAlertRecord } from '../../../src/hunting/remote-tool-alerts';
import { translatorFor } from '../../../src/i18n/translations';
import { cardProblems } from '../../support/card-check';
import { cardActions, cardCode, cardTexts } from '../bot/support/card-content';

const CARD_LIMIT_BYTES = 28 * 1024;
const en = translatorFor({}, undefined);
const de = translatorFor({}, 'de-DE');
const dummyWarnedAt = Date.parse('2026-11-27T22:00:05Z');
const dummyStartedAt = Date.parse('2026-11-27T22:12:00Z');
const dummyThreadId =
  '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';

/** An alert as the hunting side raises it: Alice ran Quick Assist 12 minutes after the warning. */
const dummyAlert = (overrides: Partial<RemoteToolAlertRecord> = {}): RemoteToolAlertRecord => ({
  alertId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  tenantId: '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f',
  user: {
    aadObjectId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    upn: 'alice@contoso.com',
    displayName: 'Alice Example',
  },
  device: { id: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0', name: 'lt-alice-01.contoso.com' },
  tool: 'Quick Assist',
  processName: 'QuickAssist.exe',
  startedAt: dummyStartedAt,
  warnedAt: dummyWarnedAt,
  chatThreadId: dummyThreadId,
  sender: {
    displayName: 'IT Helpdesk',
    upn: 'it.helpdesk@support-desk.onmicrosoft.com',
    tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  },
  createdAt: dummyStartedAt + 60_000,
  ...overrides,
});

const answered = (answer: 'not_me' | 'myself'): RemoteToolAlertRecord =>
  dummyAlert({
    answer: { answer, by: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', at: dummyStartedAt + 120_000 },
  });

const alertData = (overrides: Partial<RemoteToolAlertData> = {}): RemoteToolAlertData => ({
  ...remoteToolAlertData(dummyAlert(), DEFAULT_PROFILE),
  ...overrides,
});

const cards: Array<[string, AdaptiveCardJson]> = [
  ['alert', remoteToolAlertCard(en, alertData())],
  ['alert: answered "I did not start this"', remoteToolAlertCard(en, alertData({ answer: 'not_me' }))],
  ['alert: answered "I started this myself"', remoteToolAlertCard(en, alertData({ answer: 'myself' }))],
  [
    'alert: tapped again after answering',
    remoteToolAlertCard(en, alertData({ answer: 'not_me', alreadyAnswered: true })),
  ],
  ['alert: profile without phone numbers', remoteToolAlertCard(en, alertData({ phoneNumbers: [] }))],
  ['security: waiting for the answer', remoteToolSecurityCard(en, dummyAlert())],
  ['security: did not start it', remoteToolSecurityCard(en, answered('not_me'))],
  ['security: started it myself', remoteToolSecurityCard(en, answered('myself'))],
];

/** What a 6-digit verification code looks like on a card, grouped or not. */
const CODE_LIKE = /(?<!\d)\d{3} ?\d{3}(?!\d)/;

describe.each(cards)('remote-tool card: %s', (_name, card) => {
  it('is an Adaptive Card 1.5 with no problems and no template expression left', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('shows no verification code', () => {
    expect(cardCode(card)).toBeUndefined();
    expect(cardTexts(card).filter((text) => CODE_LIKE.test(text))).toEqual([]);
  });

  it('stays under the 28 KB card limit', () => {
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
  });

  it('matches its snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('remote-tool alert card (to the user)', () => {
  const card = cards[0][1];

  it('says stop, in plain words, first', () => {
    expect(cardTexts(card)[0]).toBe('Stop: someone may be controlling your computer');
    expect(cardTexts(card)[1]).toBe(
      'Quick Assist started on lt-alice-01.contoso.com 12 minutes after we warned you about a chat from outside ' +
        'Contoso that looked like IT support. Whoever is in that chat may now see and control your screen.',
    );
  });

  it('says what to do now, in order: end the session, disconnect, call the real helpdesk, approve nothing', () => {
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Do this now',
        '1. **End the Quick Assist session**: close its window now.',
        '2. **Disconnect from the network**: unplug the network cable and turn Wi-Fi off.',
        '3. **Call Contoso IT Service Desk** on +1 555 0100, never on a number from the chat.',
        '4. **Do not sign in, type a password or approve anything** (such as a sign-in request on your phone) until they say it is safe.',
      ]),
    );
  });

  it('names the chat, its sender, the device, the tool and when it started', () => {
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Chat with: IT Helpdesk (External)',
        'Device: lt-alice-01.contoso.com',
        'Tool: Quick Assist',
        'Started: {{DATE(2026-11-27T22:12:00Z, SHORT)}} {{TIME(2026-11-27T22:12:00Z)}}',
      ]),
    );
  });

  it('asks whether the user started the tool, to answer before disconnecting', () => {
    expect(cardTexts(card)).toContain(
      'Did you start Quick Assist yourself? Tap an answer before you disconnect: it goes straight to the security team.',
    );
    expect(cardTexts(cards[1][1]).join('\n')).not.toContain('Did you start');
  });

  it('points to the intranet for the number when the profile has none', () => {
    expect(cardTexts(cards[4][1])).toContain(
      '3. **Call Contoso IT Service Desk** on the number on the intranet, never on a number from the chat.',
    );
  });

  it('offers the two one-tap answers with the alert and chat IDs', () => {
    const data = { alertId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', chatThreadId: dummyThreadId };

    expect(cardActions(card)).toEqual([
      { type: 'Action.Execute', title: 'I did not start this', verb: REMOTE_TOOL_NOT_ME_VERB, data },
      { type: 'Action.Execute', title: 'I started this myself', verb: REMOTE_TOOL_MYSELF_VERB, data },
    ]);
  });

  it('has one verb per answer, each distinct', () => {
    expect(REMOTE_TOOL_ANSWER_VERBS).toEqual({
      not_me: REMOTE_TOOL_NOT_ME_VERB,
      myself: REMOTE_TOOL_MYSELF_VERB,
    });
    expect(REMOTE_TOOL_NOT_ME_VERB).not.toBe(REMOTE_TOOL_MYSELF_VERB);
  });

  it('thanks the user for "I did not start this", keeps the advice and drops the buttons', () => {
    const texts = cardTexts(cards[1][1]);

    expect(texts.slice(0, 2)).toEqual([
      'Thank you — the security team has been told',
      'Keep the device disconnected until they call you.',
    ]);
    expect(texts).toContain('Until they call');
    expect(texts).toContain(
      '2. **Disconnect from the network**: unplug the network cable and turn Wi-Fi off.',
    );
    expect(cardActions(cards[1][1])).toEqual([]);
  });

  it('thanks the user for "I started this myself" and says when to tell the helpdesk', () => {
    const texts = cardTexts(cards[2][1]);

    expect(texts[0]).toBe('Thank you — the security team has your answer');
    expect(texts[1]).toContain('If someone in a chat or on the phone asked you to start Quick Assist');
    expect(texts[1]).toContain('call Contoso IT Service Desk on +1 555 0100');
    expect(cardActions(cards[2][1])).toEqual([]);
  });

  it('says the first answer counts when the user taps again', () => {
    expect(cardTexts(cards[3][1])).toContain(
      'You had already answered; your first answer counts. To change it, call Contoso IT Service Desk.',
    );
    expect(cardTexts(cards[1][1]).join('\n')).not.toContain('already answered');
  });

  it.each([
    [['+1 555 0100'], '+1 555 0100'],
    [['+1 555 0100', '+44 20 7946 0000'], '+1 555 0100 or +44 20 7946 0000'],
    [[], 'the number on the intranet'],
  ])('names the helpdesk phone %p as %p', (numbers, text) => {
    expect(helpdeskPhoneText(en, numbers)).toBe(text);
  });

  it('keeps an attacker\u2019s display name from becoming a link', () => {
    const card = remoteToolAlertCard(
      en,
      alertData({ senderDisplayName: 'IT [Helpdesk](https://evil.example/login)' }),
    );

    expect(JSON.stringify(card)).not.toContain('](https://evil.example');
  });

  it('says "less than a minute" when the tool started right after the warning', () => {
    expect(cardTexts(remoteToolAlertCard(en, alertData({ minutesAfterWarning: 0 })))[1]).toContain(
      'lt-alice-01.contoso.com less than a minute after we warned you',
    );
  });
});

describe('remote-tool security card (to the security channel)', () => {
  it('names the user, device, tool, time, minutes after the warning, the chat and its sender', () => {
    expect(cardTexts(cards[5][1])).toEqual(
      expect.arrayContaining([
        'Quick Assist started after a helpdesk warning: Alice Example',
        "Waiting for the user's answer: treat the device as remotely controlled",
        'User: Alice Example',
        'UPN: alice@contoso.com',
        'User object ID: 8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
        'Device: lt-alice-01.contoso.com',
        'Device ID: c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0',
        'Tool: Quick Assist (QuickAssist.exe)',
        'Started: {{DATE(2026-11-27T22:12:00Z, SHORT)}} {{TIME(2026-11-27T22:12:00Z)}}',
        'After the warning: 12 minutes (warned {{DATE(2026-11-27T22:00:05Z, SHORT)}} {{TIME(2026-11-27T22:00:05Z)}})',
        `Chat thread ID: ${dummyThreadId}`,
        'Sender: IT Helpdesk',
        'Sender UPN: it.helpdesk@support-desk.onmicrosoft.com',
        'Sender tenant: 7c9e6679-7425-40de-944b-e07fc1f90ae7',
        "User's answer: not answered yet",
        'Alert ID: 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      ]),
    );
  });

  it('marks "did not start it" urgent, with the answer and when it was given', () => {
    const card = cards[6][1];

    expect(card.body?.[0]).toMatchObject({ style: 'attention' });
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'URGENT: the user did not start it',
        "User's answer: did not start it ({{DATE(2026-11-27T22:14:00Z, SHORT)}} {{TIME(2026-11-27T22:14:00Z)}})",
      ]),
    );
  });

  it('shows "started it myself" as a warning that still needs a call, not as an all-clear', () => {
    const card = cards[7][1];
    const texts = cardTexts(card);

    expect(card.body?.[0]).toMatchObject({ style: 'warning' });
    expect(texts).toContain('The user says they started it themselves');
    expect(texts).toContain(
      "User's answer: started it myself ({{DATE(2026-11-27T22:14:00Z, SHORT)}} {{TIME(2026-11-27T22:14:00Z)}})",
    );
    expect(texts.join('\n')).toContain('tapped on the device that may be under remote control');
  });

  it('has no actions', () => {
    for (const [, card] of cards.slice(5)) expect(cardActions(card)).toEqual([]);
  });

  it('carries a monospace hunting query for what ran on the device from the tool start', () => {
    const json = JSON.stringify(cards[5][1]);

    expect(json).toContain(JSON.stringify(deviceHuntingQuery(dummyAlert())).slice(1, -1));
    expect(deviceHuntingQuery(dummyAlert())).toBe(
      [
        'let deviceId = "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0";',
        'let started = datetime(2026-11-27T22:12:00Z);',
        'DeviceProcessEvents',
        '| where Timestamp between ((started - 10m) .. (started + 4h)) and DeviceId == deviceId',
        '| project Timestamp, FileName, ProcessCommandLine, InitiatingProcessFileName, AccountUpn, SHA1',
        '| order by Timestamp asc',
      ].join('\n'),
    );
    expect(json).toContain('"fontType":"Monospace"');
  });

  it('keeps a device ID from escaping the query\u2019s string literal', () => {
    const query = deviceHuntingQuery({
      device: { id: 'x" or 1==1 //', name: 'x' },
      startedAt: dummyStartedAt,
    });

    expect(query).toContain('let deviceId = "x\\" or 1==1 //";');
  });

  it('falls back to the UPN, then the object ID, when the user has no display name', () => {
    const noName = dummyAlert({ user: { ...dummyAlert().user, displayName: null } });
    const nothing = dummyAlert({
      user: { aadObjectId: dummyAlert().user.aadObjectId, upn: null, displayName: null },
    });

    expect(cardTexts(remoteToolSecurityCard(en, noName))).toContain('User: alice@contoso.com');
    expect(cardTexts(remoteToolSecurityCard(en, nothing))).toEqual(
      expect.arrayContaining(['User: 8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'UPN: unknown']),
    );
  });

  it('stays under 28 KB and valid with the longest names Entra and Teams allow', () => {
    const long = 'W'.repeat(256);
    const card = remoteToolSecurityCard(
      en,
      dummyAlert({
        user: { ...dummyAlert().user, displayName: long, upn: `${'u'.repeat(64)}@${'d'.repeat(48)}.com` },
        device: { id: 'f'.repeat(40), name: `${'h'.repeat(63)}.${'d'.repeat(190)}` },
        sender: {
          displayName: long,
          upn: `${'s'.repeat(64)}@${'x'.repeat(48)}.onmicrosoft.com`,
          tenantId: null,
        },
      }),
    );

    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps an attacker\u2019s display name from becoming a link', () => {
    const card = remoteToolSecurityCard(
      en,
      dummyAlert({
        sender: { ...dummyAlert().sender, displayName: 'IT [Helpdesk](https://evil.example/login)' },
      }),
    );

    expect(JSON.stringify(card)).not.toContain('](https://evil.example');
  });
});

describe('remote-tool cards in another language', () => {
  it('says the alert in German for a de-DE reader, with no English sentence left', () => {
    const texts = cardTexts(remoteToolAlertCard(de, alertData())).join('\n');

    expect(texts).toContain('Stopp: Möglicherweise steuert jemand Ihren Computer');
    expect(texts).toContain(
      '12 Minuten nachdem wir Sie vor einem Chat von außerhalb von Contoso gewarnt hatten',
    );
    expect(texts).toContain('Tun Sie jetzt Folgendes');
    expect(texts).toContain('IT Helpdesk (Extern)');
    expect(texts).not.toMatch(/Do this now|Whoever is in that chat|Did you start|Chat with/);
    expect(JSON.stringify(cardActions(remoteToolAlertCard(de, alertData())))).toContain(
      'Ich habe das nicht gestartet',
    );
  });

  it('thanks in German once answered', () => {
    expect(cardTexts(remoteToolAlertCard(de, alertData({ answer: 'not_me' })))).toContain(
      'Danke – das Sicherheitsteam wurde informiert',
    );
  });

  it('joins the helpdesk numbers the German way', () => {
    expect(helpdeskPhoneText(de, ['+1 555 0100', '+44 20 7946 0000'])).toBe(
      '+1 555 0100 oder +44 20 7946 0000',
    );
    expect(helpdeskPhoneText(de, [])).toBe('der Nummer im Intranet');
  });

  it("says the security card in the security team's language", () => {
    const texts = cardTexts(remoteToolSecurityCard(de, answered('not_me'))).join('\n');

    expect(texts).toContain('DRINGEND: Der Benutzer hat es nicht gestartet');
    expect(texts).toContain('Nach der Warnung: 12 Minuten');
    expect(texts).not.toMatch(/URGENT|After the warning|Next:/);
  });

  it('falls back to English for zh-CN', () => {
    const zh = translatorFor({}, 'zh-CN');

    expect(remoteToolAlertCard(zh, alertData())).toEqual(remoteToolAlertCard(en, alertData()));
    expect(remoteToolSecurityCard(zh, dummyAlert())).toEqual(remoteToolSecurityCard(en, dummyAlert()));
  });

  it("uses the profile's override of a message", () => {
    const t = translatorFor({ messages: { en: { 'warning.remoteTool.card.doNow': 'Right now' } } }, 'en-GB');

    expect(cardTexts(remoteToolAlertCard(t, alertData()))).toContain('Right now');
  });
});
