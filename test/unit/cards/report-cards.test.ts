import type { AdaptiveCardJson } from '../../../cards/adaptive-card';
import { reportRecentCard } from '../../../cards/report-recent';
import { reportSecurityCard } from '../../../cards/report-security';
import { reportThanksCard } from '../../../cards/report-thanks';
import {
  REPORT_BENIGN_VERB,
  REPORT_CHAT_VERB,
  REPORT_MALICIOUS_VERB,
  REPORT_REMOVE_VERB,
} from '../../../cards/report-verbs';
import { REPORT_BENIGN_ORGANISATION_VERB } from '../../../cards/sender-list-verbs';
import { REPORT_CHAT_VERB as VERIFICATION_REPORT_VERB } from '../../../cards/verification-verbs';
import { translatorFor } from '../../../src/i18n/translations';
import type { FirstContactEntry } from '../../../src/reports/first-contact-log';
import { huntingQueryFor } from '../../../src/reports/hunting-query';
import type { Reporter, ReportRecord } from '../../../src/reports/report-store';
import type { SecurityReportView } from '../../../src/reports/security-view';
import { cardProblems } from '../../support/card-check';
import {
  dummyAlice,
  dummyAnalyst,
  dummyBob,
  dummyChatThreadId,
  dummyFirstContact,
  dummyOtherThreadId,
  dummySender,
  dummyStart,
  dummyTenantId,
} from '../src/reports/fake-report-deps';

const CARD_LIMIT_BYTES = 28 * 1024;

/** No locale: English. */
const en = translatorFor({}, undefined);

const reporterOf = (user: typeof dummyAlice, at: number): Reporter => ({ ...user, at });

const dummyReport = (overrides: Partial<ReportRecord> = {}): ReportRecord => ({
  reportId: 'rpt-1',
  tenantId: dummyTenantId,
  chatThreadId: dummyChatThreadId,
  sender: dummySender,
  firstSeen: dummyStart - 60_000,
  createdAt: dummyStart,
  reporters: [reporterOf(dummyAlice, dummyStart), reporterOf(dummyBob, dummyStart + 30_000)],
  status: 'open',
  campaignId: 'cmp-7',
  ...overrides,
});

const dummyContact = (): FirstContactEntry => ({
  ...dummyFirstContact(),
  warnings: [{ at: dummyStart - 55_000, delivered: true }],
  verificationAttempts: [
    { at: dummyStart - 40_000, outcome: 'wrong' },
    { at: dummyStart - 35_000, outcome: 'wrong' },
  ],
});

const dummyView = (overrides: Partial<SecurityReportView> = {}): SecurityReportView => {
  const report = overrides.report ?? dummyReport();
  return {
    report,
    reporters: report.reporters.map((reporter, i) =>
      i === 0 ? { reporter, contact: dummyContact(), checked: true } : { reporter, checked: true },
    ),
    campaignContacts: [
      {
        recipientId: 'c0c00000-0000-4000-8000-000000000009',
        recipientUpn: 'carol@contoso.com',
        chatThreadId: dummyOtherThreadId,
        observedAt: dummyStart - 10_000,
      },
    ],
    huntingQuery: huntingQueryFor(report.chatThreadId),
    canRemove: true,
    ...overrides,
  };
};

const triaged = dummyReport({
  status: 'malicious',
  triage: { by: dummyAnalyst, at: dummyStart + 600_000, decision: 'remove', removedForUser: true },
});

/** Every Action.Execute in a card, wherever it sits. */
const executeActions = (
  node: unknown,
): Array<{ verb: string; title: string; data?: Record<string, unknown> }> => {
  if (Array.isArray(node)) return node.flatMap(executeActions);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === 'Action.Execute'
      ? [record as { verb: string; title: string; data?: Record<string, unknown> }]
      : [];
  return [...own, ...Object.values(record).flatMap(executeActions)];
};

const fiftyReporters = Array.from({ length: 50 }, (_, i) => ({
  aadObjectId: `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`,
  upn: `user.with.a.long.name.${i}@contoso.com`,
  name: `User With A Rather Long Display Name ${i}`,
  at: dummyStart + i * 1_000,
}));

const cards: Array<[string, AdaptiveCardJson]> = [
  ['thanks', reportThanksCard(en, { senderName: 'IT Helpdesk', alreadyReported: false })],
  ['thanks: already reported', reportThanksCard(en, { senderName: 'IT Helpdesk', alreadyReported: true })],
  ['thanks: chat reported by link', reportThanksCard(en, { alreadyReported: false })],
  [
    'recent contacts',
    reportRecentCard(en, {
      days: 14,
      contacts: [
        {
          chatThreadId: dummyChatThreadId,
          sender: dummySender,
          observedAt: dummyStart,
          verdict: 'warn',
          reportedByUser: false,
        },
        {
          chatThreadId: dummyOtherThreadId,
          sender: { displayName: 'Fabrikam Sales', upn: null, tenantId: null },
          observedAt: dummyStart - 86_400_000,
          verdict: 'none',
          reportedByUser: true,
        },
      ],
    }),
  ],
  ['recent contacts: empty', reportRecentCard(en, { days: 14, contacts: [] })],
  ['security: open', reportSecurityCard(en, dummyView())],
  ['security: triaged', reportSecurityCard(en, dummyView({ report: triaged }))],
  [
    'security: reported by link, sender unknown',
    reportSecurityCard(
      en,
      dummyView({
        report: dummyReport({ sender: undefined, firstSeen: undefined, campaignId: undefined }),
        campaignContacts: [],
        canRemove: false,
      }),
    ),
  ],
  [
    'security: a reporter who typed the chat ID, unchecked',
    reportSecurityCard(
      en,
      dummyView({
        reporters: [
          { reporter: reporterOf(dummyAlice, dummyStart), contact: dummyContact(), checked: true },
          { reporter: reporterOf(dummyBob, dummyStart + 30_000), checked: false },
        ],
      }),
    ),
  ],
];

describe.each(cards)('report card: %s', (_name, card) => {
  it('is an Adaptive Card 1.5 with no problems and no template expression left', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('matches its snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('report cards content', () => {
  it('reuses the verification cards\u2019 report verb', () => {
    expect(REPORT_CHAT_VERB).toBe(VERIFICATION_REPORT_VERB);
  });

  it('offers one report tap per unreported recent contact, with its thread ID', () => {
    expect(executeActions(cards[3][1])).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: dummyChatThreadId } }),
    ]);
    expect(JSON.stringify(cards[3][1])).toContain('"text":"Reported"');
  });

  it('shows an empty state and the link hint when there are no contacts', () => {
    const json = JSON.stringify(cards[4][1]);

    expect(json).toContain('No one outside the organisation started a chat with you in the last 14 days');
    expect(json).toContain('report <link>');
    expect(executeActions(cards[4][1])).toEqual([]);
  });

  it('offers the four triage actions with the report ID while open', () => {
    expect(executeActions(cards[5][1]).map((a) => [a.verb, a.title, a.data])).toEqual([
      [REPORT_MALICIOUS_VERB, 'Confirm malicious', { reportId: 'rpt-1' }],
      [REPORT_REMOVE_VERB, 'Remove chat for user', { reportId: 'rpt-1' }],
      [REPORT_BENIGN_VERB, 'Benign', { reportId: 'rpt-1' }],
      [REPORT_BENIGN_ORGANISATION_VERB, 'Benign \u2014 trust the whole organisation', { reportId: 'rpt-1' }],
    ]);
  });

  it('leaves out "Remove chat for user" when Graph is not configured, and the organisation choice when the sender is unknown', () => {
    expect(executeActions(cards[7][1]).map((a) => a.verb)).toEqual([
      REPORT_MALICIOUS_VERB,
      REPORT_BENIGN_VERB,
    ]);
  });

  it.each([
    [
      'a personal Microsoft account',
      { upn: 'it.desk@outlook.com', tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad' },
    ],
    ['a colleague (the home tenant)', { upn: 'bob@contoso.com', tenantId: dummyTenantId }],
  ])('leaves out the organisation choice for %s: there is no one organisation to trust', (_what, sender) => {
    const card = reportSecurityCard(
      en,
      dummyView({ report: dummyReport({ sender: { displayName: 'IT Desk', ...sender } }) }),
    );

    expect(executeActions(card).map((a) => a.verb)).not.toContain(REPORT_BENIGN_ORGANISATION_VERB);
    expect(executeActions(card).map((a) => a.verb)).toContain(REPORT_BENIGN_VERB);
  });

  it('shows sender, tenant, thread ID, reporters, attempts, campaign and the query', () => {
    const json = JSON.stringify(cards[5][1]);

    for (const text of [
      dummySender.displayName,
      dummySender.upn,
      dummySender.tenantId,
      dummyChatThreadId,
      '2 reporters: Alice Example, Bob Example',
      'warning delivered',
      'verification wrong',
      'carol@contoso.com',
      'campaign cmp-7',
      'ActionType == \\"ChatCreated\\"',
      '"fontType":"Monospace"',
    ]) {
      expect(json).toContain(text);
    }
  });

  it('marks an unchecked reporter and says they are not told the outcome', () => {
    const json = JSON.stringify(cards[8][1]);

    expect(json).toContain('2 reporters: Alice Example, Bob Example (unchecked)');
    expect(json).toContain('1 reporter unchecked: reported by typing the chat');
    expect(json).toContain('They are not told the outcome.');
  });

  it('has no unchecked note when every reporter was checked', () => {
    expect(JSON.stringify(cards[5][1])).not.toMatch(/unchecked/i);
  });

  it('shows the decision, who and when, and no actions once triaged', () => {
    const json = JSON.stringify(cards[6][1]);

    expect(json).toContain(
      'Malicious, chat removed for the reporters, by Sam Security at {{DATE(2026-11-27T22:10:00Z, SHORT)}}',
    );
    expect(executeActions(cards[6][1])).toEqual([]);
  });

  it('stays under 28 KB with 50 reporters and a full campaign', () => {
    const report = dummyReport({ reporters: fiftyReporters });
    const card = reportSecurityCard(
      en,
      dummyView({
        report,
        reporters: fiftyReporters.map((reporter) => ({ reporter, contact: dummyContact(), checked: true })),
        campaignContacts: fiftyReporters.map((r, i) => ({
          recipientId: r.aadObjectId,
          recipientUpn: r.upn,
          chatThreadId: `19:c${i}@unq.gbl.spaces`,
          observedAt: r.at,
        })),
      }),
    );
    const json = JSON.stringify(card);

    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(json).toContain('50 reporters');
    expect(json).toContain('and 25 more');
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(['de', 'fr', 'es', 'pt', 'ja'])('stays under 28 KB with 50 reporters in %s too', (language) => {
    const report = dummyReport({ reporters: fiftyReporters });
    const card = reportSecurityCard(
      translatorFor({}, language),
      dummyView({
        report,
        reporters: fiftyReporters.map((reporter) => ({ reporter, contact: dummyContact(), checked: false })),
      }),
    );

    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps an attacker\u2019s display name from becoming a link', () => {
    const card = reportSecurityCard(
      en,
      dummyView({
        report: dummyReport({
          sender: { ...dummySender, displayName: 'IT [Helpdesk](https://evil.example/login)' },
        }),
      }),
    );

    expect(JSON.stringify(card)).not.toContain('](https://evil.example');
  });
});

describe('report cards in the reader\u2019s language', () => {
  const de = translatorFor({}, 'de-DE');
  const openView = dummyView({
    reporters: [
      { reporter: reporterOf(dummyAlice, dummyStart), contact: dummyContact(), checked: true },
      { reporter: reporterOf(dummyBob, dummyStart + 30_000), checked: false },
    ],
  });
  const germanCards: Array<[string, AdaptiveCardJson, string[]]> = [
    [
      'thanks',
      reportThanksCard(de, { senderName: 'IT Helpdesk', alreadyReported: false }),
      [
        'Gemeldet, vielen Dank',
        'Das Sicherheitsteam hat jetzt den Chat mit IT Helpdesk.',
        'Wie es weitergeht',
      ],
    ],
    [
      'recent contacts',
      reportRecentCard(de, {
        days: 14,
        contacts: [
          {
            chatThreadId: dummyChatThreadId,
            sender: { displayName: 'Fabrikam Sales', upn: null, tenantId: null },
            observedAt: dummyStart,
            verdict: 'warn',
            reportedByUser: false,
          },
        ],
      }),
      [
        'Einen Chat melden',
        'in den letzten 14 Tagen',
        'Diesen Chat melden',
        'Adresse unbekannt · erste Nachricht',
      ],
    ],
    [
      'security',
      reportSecurityCard(de, openView),
      [
        `Gemeldeter Chat: ${dummySender.displayName}`,
        'Offen: wartet auf Bewertung',
        'Mandant des Absenders',
        '2 meldende Personen: Alice Example, Bob Example (nicht geprüft)',
        'Alice Example: Warnung zugestellt',
        'Alice Example: Verifizierung falsch',
        '1 weiterer Chat, den dieser Absender oder Mandant in den letzten 30 Tagen eröffnet hat (Kampagne cmp-7):',
        'Als schädlich bestätigen',
        'Harmlos \u2013 der ganzen Organisation vertrauen',
      ],
    ],
  ];

  it.each(germanCards)('says the %s card in German for de-DE', (_name, card, german) => {
    const json = JSON.stringify(card);

    for (const text of german) expect(json).toContain(text);
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(germanCards)('leaks no English sentence into the German %s card', (_name, card) => {
    expect(JSON.stringify(card)).not.toMatch(
      /security team|Report this chat|Reported|reporters?\b|Sender tenant|Confirm malicious|Benign|Open: waiting|in the last \d+ days|first message|delivered|verification/,
    );
  });

  it('says the triage decision in German once triaged', () => {
    expect(JSON.stringify(reportSecurityCard(de, dummyView({ report: triaged })))).toContain(
      'Schädlich, Chat für die Meldenden entfernt, von Sam Security am {{DATE(2026-11-27T22:10:00Z, SHORT)}}',
    );
  });

  it('falls back to English for a locale without a catalogue (zh-CN)', () => {
    const zh = translatorFor({}, 'zh-CN');

    expect(reportThanksCard(zh, { senderName: 'IT Helpdesk', alreadyReported: true })).toEqual(
      reportThanksCard(en, { senderName: 'IT Helpdesk', alreadyReported: true }),
    );
    expect(reportSecurityCard(zh, openView)).toEqual(reportSecurityCard(en, openView));
  });

  it('uses the profile\u2019s overrides for its language only', () => {
    const messages = { de: { 'report.thanks.card.title': 'Danke für Ihre Meldung' } };

    expect(
      JSON.stringify(reportThanksCard(translatorFor({ messages }, 'de-AT'), { alreadyReported: false })),
    ).toContain('Danke für Ihre Meldung');
    expect(
      JSON.stringify(reportThanksCard(translatorFor({ messages }, 'en-US'), { alreadyReported: false })),
    ).toContain('Reported, thank you');
  });

  it('keeps an attacker\u2019s display name from becoming a link in German too', () => {
    const card = reportThanksCard(de, {
      senderName: 'IT [Helpdesk](https://evil.example/login)',
      alreadyReported: true,
    });

    expect(JSON.stringify(card)).not.toContain('](https://evil.example');
  });
});
