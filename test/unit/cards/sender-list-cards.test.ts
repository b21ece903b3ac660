import type { AdaptiveCardJson } from '../../../cards/adaptive-card';
import { senderListCard } from '../../../cards/sender-list';
import { SENDER_LIST_ADD_VERB, SENDER_LIST_REMOVE_VERB } from '../../../cards/sender-list-verbs';
import { message, translatorFor } from '../../../src/i18n/translations';
import { LIST_PAGE, type SenderListEntry } from '../../../src/verdicts';
import { cardProblems } from '../../support/card-check';
import { cardActions, cardTexts } from '../bot/support/card-content';
import { dummyAttackerTenant, dummyAttackerUpn, dummyEntry, dummyNow } from '../src/verdicts/dummy-entries';

const CARD_LIMIT_BYTES = 28 * 1024;
const en = translatorFor({}, 'en');
const DAY = 24 * 60 * 60_000;

const blocked: SenderListEntry[] = [
  dummyEntry({ kind: 'sender', value: dummyAttackerUpn, addedAt: dummyNow + 2_000 }),
  dummyEntry({ addedAt: dummyNow + 1_000 }),
  dummyEntry({
    kind: 'domain',
    value: 'fabrikam-support.example',
    reason: 'Vishing wave, see ticket 4711',
    reportId: undefined,
    campaignId: undefined,
    expiresAt: dummyNow + 30 * DAY,
  }),
];

/**
 * A page of the longest entries: Entra's longest UPN (113 characters), the longest reason
 * (200), a 64-character analyst name. The card must stay under Teams' 28 KB.
 */
const longest = Array.from({ length: LIST_PAGE }, (_, i) =>
  dummyEntry({
    kind: 'sender',
    value: `${'a'.repeat(62)}${String(i).padStart(2, '0')}@${'b'.repeat(44)}.com`,
    reason: 'r'.repeat(200),
    addedBy: { aadObjectId: dummyEntry().addedBy.aadObjectId, name: 'n'.repeat(64) },
    expiresAt: dummyNow + DAY,
    reportId: `rpt-${'0'.repeat(36)}`,
    campaignId: `cmp-${'0'.repeat(36)}`,
  }),
);

const cards: Array<[string, AdaptiveCardJson]> = [
  ['blocklist', senderListCard(en, { list: 'block', entries: blocked, total: 3 })],
  ['allowlist: empty', senderListCard(en, { list: 'allow', entries: [], total: 0 })],
  [
    'blocklist: after a removal, cut at the page',
    senderListCard(en, {
      list: 'block',
      entries: blocked.slice(0, 2),
      total: 40,
      notice: {
        text: message('security.lists.block.removed', {
          entry: message('security.lists.entryName', {
            value: 'fabrikam.example',
            kind: message('security.lists.kinds.domain'),
          }),
        }),
      },
    }),
  ],
  [
    'allowlist: a refused add',
    senderListCard(en, {
      list: 'allow',
      entries: [],
      total: 0,
      notice: {
        text: message('security.lists.value.shared', {
          reason: message('security.lists.value.mailService', { domain: 'gmail.com' }),
        }),
        refused: true,
      },
    }),
  ],
];

describe.each(cards)('sender list card: %s', (_name, card) => {
  it('is an Adaptive Card 1.5 with no problems and no template expression left', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('matches its snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('sender list card content', () => {
  it('shows every entry newest first with what, why, who, when, expiry, report and campaign', () => {
    const texts = cardTexts(cards[0][1]);

    expect(
      texts.filter((text) =>
        [dummyAttackerUpn, dummyAttackerTenant, 'fabrikam-support.example'].includes(text),
      ),
    ).toEqual([dummyAttackerUpn, dummyAttackerTenant, 'fabrikam-support.example']);
    expect(texts).toContain('Report rpt-1 triaged malicious by Ana Analyst');
    expect(texts).toContainEqual(
      'Tenant, added by Ana Analyst {{DATE(2026-11-27T22:00:01Z, SHORT)}} {{TIME(2026-11-27T22:00:01Z)}} \u00b7 no expiry \u00b7 report rpt-1 \u00b7 campaign cmp-1',
    );
    expect(texts).toContainEqual(expect.stringContaining('expires {{DATE(2026-12-27T22:00:00Z, SHORT)}}'));
    expect(texts).toContainEqual(expect.stringMatching(/3 entries, newest first\.$/));
  });

  it('offers one Remove per entry, naming the list, kind and value, without the add form\u2019s inputs', () => {
    const removes = cardActions(cards[0][1]).filter((action) => action.verb === SENDER_LIST_REMOVE_VERB);

    expect(removes.map((action) => action.data)).toEqual([
      { list: 'block', kind: 'sender', value: dummyAttackerUpn },
      { list: 'block', kind: 'tenant', value: dummyAttackerTenant },
      { list: 'block', kind: 'domain', value: 'fabrikam-support.example' },
    ]);
    expect(JSON.stringify(cards[0][1]).match(/"associatedInputs":"none"/g)).toHaveLength(3);
  });

  it('offers the add form for its own list, with expiry and reason bounded', () => {
    const json = JSON.stringify(cards[1][1]);

    expect(cardActions(cards[1][1])).toEqual([
      {
        type: 'Action.Execute',
        title: 'Add to the allowlist',
        verb: SENDER_LIST_ADD_VERB,
        data: { list: 'allow' },
      },
    ]);
    expect(json).toContain('"id":"value"');
    expect(json).toContain('"id":"days","label":"Expires after (days; empty for never)","min":1,"max":3650');
    expect(json).toContain('"id":"reason","label":"Reason","maxLength":200');
  });

  it('shows an empty state', () => {
    expect(cardTexts(cards[1][1])).toContain('Nothing is on the allowlist.');
  });

  it('says how many older entries it does not show, and how to remove one', () => {
    expect(cardTexts(cards[2][1])).toContain(
      'and 38 older: type "blocklist remove <value>" to remove one not shown.',
    );
  });

  it('says what just changed, and a refusal, in words (no colour carries it: not every theme can show it)', () => {
    expect(JSON.stringify(cards[2][1])).toContain(
      '"text":"Removed fabrikam.example (domain) from the blocklist.","weight":"Bolder","color":"Default"',
    );
    const refusal = en.text(
      message('security.lists.value.shared', {
        reason: message('security.lists.value.mailService', { domain: 'gmail.com' }),
      }),
    );
    expect(cardTexts(cards[3][1])).toContain(refusal);
  });

  it(`stays under 28 KB with a full page of ${LIST_PAGE} of the longest entries`, () => {
    const card = senderListCard(en, { list: 'block', entries: longest, total: 500 });

    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps a value or reason from becoming a link', () => {
    const card = senderListCard(en, {
      list: 'block',
      entries: [dummyEntry({ reason: 'see [the report](https://evil.example/login)' })],
      total: 1,
    });

    expect(JSON.stringify(card)).not.toContain('](https://evil.example');
  });
});

describe('sender list card in the analyst’s language', () => {
  const de = translatorFor({}, 'de-DE');
  const german = senderListCard(de, {
    list: 'block',
    entries: blocked,
    total: 40,
    notice: { text: message('security.lists.days', { max: 3650 }), refused: true },
  });

  it('is German throughout', () => {
    const texts = cardTexts(german);
    const json = JSON.stringify(german);

    expect(texts[0]).toBe('Sperrliste');
    expect(texts).toContain(
      'Die Tage müssen eine ganze Zahl von 1 bis 3650 sein; lassen Sie sie weg, damit der Eintrag nicht abläuft.',
    );
    expect(texts).toContainEqual(expect.stringMatching(/^Mandant, hinzugefügt von Ana Analyst /));
    expect(texts).toContainEqual(expect.stringMatching(/40 Einträge, neueste zuerst\.$/));
    expect(texts).toContain(
      'und 37 ältere: Geben Sie „blocklist remove <value>“ ein, um einen nicht angezeigten zu entfernen.',
    );
    expect(cardActions(german).map((action) => action.title)).toEqual([
      'Entfernen',
      'Entfernen',
      'Entfernen',
      'Zur Sperrliste hinzufügen',
    ]);
    expect(json).toContain('"label":"UPN, Mandanten-ID oder Domäne"');
    expect(cardProblems(german)).toEqual([]);
  });

  it('leaks no English sentence', () => {
    const json = JSON.stringify(german);

    for (const english of [
      'First contacts from these senders',
      'newest first',
      'added by',
      'Expires after',
      'Type a UPN, a tenant ID or a domain.',
      'Add to the blocklist',
      '"Remove"',
      'Days must be',
    ])
      expect(json).not.toContain(english);
  });

  it('falls back to English for a language it has no catalogue for', () => {
    expect(senderListCard(translatorFor({}, 'zh-CN'), { list: 'block', entries: blocked, total: 3 })).toEqual(
      cards[0][1],
    );
  });

  it('takes the profile’s override of a message', () => {
    const t = translatorFor(
      { messages: { en: { 'security.lists.block.title': 'Blocked senders' } } },
      'en-GB',
    );

    expect(cardTexts(senderListCard(t, { list: 'block', entries: [], total: 0 }))[0]).toBe('Blocked senders');
  });
});
