/**
 * The hot path's shortcuts must not change a verdict: the scan buffers agree with
 * normaliseName, the fast rejection never skips a name that has a term or a typo, and the
 * code-based helpers agree with the string ones they stand in for.
 */
import { createDetector } from '../../../../src/detection';
import { boundedEditDistance, boundedEditDistanceCodes } from '../../../../src/detection/edit-distance';
import {
  compileVocabulary,
  EMBEDDABLE_LENGTH,
  matchTerms,
  mayHaveTypo,
} from '../../../../src/detection/match-terms';
import { joinedOf, matchableView, normaliseName, scanName } from '../../../../src/detection/normalise-name';
import { ownerLabel } from '../../../../src/detection/sender-signals';
import { BASE_TERMS } from '../../../../src/detection/vocabulary';

const vocabulary = compileVocabulary(BASE_TERMS, joinedOf);
const detector = createDetector({ homeTenantId: 'home', trustedTenantIds: [] });
const codesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe('scanName and its views', () => {
  it.each([
    ['John Smith'],
    ['HelpDesk'],
    ['ITSupport'],
    ['H e l p d e s k'],
    ['Micro$oft 365'],
    ['Неlрdеsk'],
    ['𝐇𝐞𝐥𝐩𝐝𝐞𝐬𝐤'],
    ['ﬁﬂ ﬃ ㎒㎒㎒ ﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁ'],
    ['Help\u200bdesk\u202e'],
    ['x'.repeat(5000) + ' Helpdesk'],
  ])('gives the same name as normaliseName for %p', (displayName) => {
    const full = normaliseName(displayName);
    const view = matchableView(scanName(displayName));
    expect({
      ...view,
      startAt: Array.from(view.startAt),
      endAt: Array.from(view.endAt),
      tokenOf: Array.from(view.tokenOf),
    }).toEqual({
      ...full,
      tokens: full.tokens.map((token) => ({ ...token, skeleton: '' })),
    });
  });

  it('grows its buffers for long names and many multi-letter folds', () => {
    const long = `${'ﬃ'.repeat(3000)} IT Support ${'a b '.repeat(2000)}`;
    expect(normaliseName(long).joined).toContain('itsuport');
    expect(normaliseName('IT Support').joined).toBe('itsuport');
  });
});

describe('the fast rejection', () => {
  const hasWordHit = (displayName: string): boolean => {
    const scan = scanName(displayName);
    return vocabulary.automaton.anyWordHit(
      scan.joined,
      scan.joinedLength,
      scan.startAt,
      scan.endAt,
      EMBEDDABLE_LENGTH,
    );
  };

  it.each([['IT Helpdesk'], ['MicrosoftSupport'], ['Sales Team'], ['Jane (Helpdesk)']])(
    'sees the terms of %p',
    (displayName) => {
      expect(hasWordHit(displayName)).toBe(true);
      expect(matchTerms(normaliseName(displayName), vocabulary).length).toBeGreaterThan(0);
    },
  );

  it.each([['John Smith'], ['David Anderson'], ['Itzel Ramírez']])(
    'ignores terms inside the words of %p',
    (displayName) => {
      expect(hasWordHit(displayName)).toBe(false);
      expect(matchTerms(normaliseName(displayName), vocabulary, { typos: false })).toEqual([]);
    },
  );

  it.each([['Micorsoft'], ['Secuirty Tema'], ['Adminstrator'], ['Helpdsek Desk']])(
    'sends %p, a near-spelling, down the full path',
    (displayName) => {
      const scan = scanName(displayName);
      const exact = vocabulary.automaton.anyWordHit(
        scan.joined,
        scan.joinedLength,
        scan.startAt,
        scan.endAt,
        EMBEDDABLE_LENGTH,
      );
      expect(exact || mayHaveTypo(scanName(displayName), vocabulary)).toBe(true);
      expect(matchTerms(normaliseName(displayName), vocabulary).some((match) => match.typos > 0)).toBe(true);
    },
  );

  it('still warns about typos, tricks and direction controls that only the full path sees', () => {
    for (const displayName of ['Micorsoft Suport', 'Неlрdеsk', 'Help\u200bdesk', '\u202eksedpleH'])
      expect(detector.score({ displayName }).verdict).toBe('warn');
  });

  it('gives a benign name the usual single reason, and fresh arrays each time', () => {
    const first = detector.score({ displayName: 'John Smith' });
    const second = detector.score({ displayName: 'John Smith' });
    expect(first).toEqual({
      verdict: 'none',
      score: 0,
      external: true,
      reasons: [{ code: 'no_helpdesk_signal', message: expect.any(String) }],
    });
    expect(first.reasons).not.toBe(second.reasons);
  });
});

describe('code-based helpers', () => {
  it('boundedEditDistanceCodes agrees with boundedEditDistance', () => {
    const words = [
      'microsoft',
      'micorsoft',
      'helpdesk',
      'heipdesk',
      'support',
      'suport',
      'admin',
      'amin',
      'x',
      '',
      'a'.repeat(70),
    ];
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2]) {
          const padded = codesOf(`zz${a}`);
          expect(boundedEditDistanceCodes(padded, 2, a.length, b, max)).toBe(boundedEditDistance(a, b, max));
        }
  });

  it.each([
    ['contoso.com', 'contoso'],
    ['mail.contoso.co.uk', 'contoso'],
    ['contoso.onmicrosoft.com', 'contoso'],
    ['x.contoso.onmicrosoft.com', 'contoso'],
    ['localhost', 'localhost'],
    ['a.b.c', 'a'],
    ['.onmicrosoft.com', ''],
  ])('ownerLabel(%p) is %p', (domain, label) => {
    expect(ownerLabel(domain)).toBe(label);
  });
});
