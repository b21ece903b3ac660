/**
 * The hot path's shortcuts must not change a verdict: the scan buffers agree with
 * normaliseName, the fast rejection never skips a name that has a term or a typo, and the
 * code-based helpers agree with the string ones they stand in for.
 */
import { createDetector } from '../../../../src/detection';
import { ownerLabel } from '../../../../src/detection/evidence/org-domains';
import { compileVocabulary } from '../../../../src/detection/match/compile-vocabulary';
import {
  allowedTypos,
  boundedEditDistance,
  boundedEditDistanceCodes,
} from '../../../../src/detection/match/edit-distance';
import { EMBEDDABLE_LENGTH, matchTerms, plainTerms } from '../../../../src/detection/match/match-terms';
import {
  MAY_HIT,
  NO_HIT,
  NOT_PLAIN_TEXT,
  plainMayHit,
  scanPlain,
} from '../../../../src/detection/match/plain-scan';
import { mayHaveTypo } from '../../../../src/detection/match/typo-matches';
import { compileMembership, membershipOf } from '../../../../src/detection/policy/tenant-membership';
import { BASE_TERMS } from '../../../../src/detection/policy/vocabulary';
import { scanName } from '../../../../src/detection/scan/name-scan';
import { joinedOf, matchableView, normaliseName } from '../../../../src/detection/scan/normalise-name';

const vocabulary = compileVocabulary(BASE_TERMS, joinedOf);
const detector = createDetector({ homeTenantId: 'home', trustedTenantIds: [] });
/** A small deterministic PRNG, so every run checks the same strings. */
const prng = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
};
const codesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
/** Whether the fast path's first test sees a term in the name (weighing `minWeight` or more). */
const hasWordHit = (displayName: string, minWeight = 0): boolean => {
  const scan = scanName(displayName);
  return vocabulary.automaton.anyWordHit(
    scan.joined,
    scan.joinedLength,
    scan.startAt,
    scan.endAt,
    EMBEDDABLE_LENGTH,
    minWeight,
  );
};

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
    const positions = (array: ArrayLike<number>): number[] => Array.from(array).slice(0, view.joined.length);
    expect({
      ...view,
      startAt: positions(view.startAt),
      endAt: positions(view.endAt),
      tokenOf: positions(view.tokenOf),
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

  // ('Adminstrator' is a term of its own now: the misspelling attackers use.)
  it.each([['Micorsoft'], ['Secuirty Tema'], ['Administartor'], ['Helpdsek Desk']])(
    'sends %p, a near-spelling, down the full path',
    (displayName) => {
      expect(hasWordHit(displayName) || mayHaveTypo(scanName(displayName), vocabulary)).toBe(true);
      expect(matchTerms(normaliseName(displayName), vocabulary).some((match) => match.typos > 0)).toBe(true);
    },
  );

  it('sees every near-spelling a brute-force comparison with every term sees', () => {
    // Words one to three random edits from a term: the indexed test (first or last two
    // letters, lengths within reach) must answer as comparing the word with every term does.
    const fuzzy = vocabulary.terms.filter(
      (term) => term.kind !== 'filler' && term.verify === '' && allowedTypos(term.skeleton.length) > 0,
    );
    let seed = 1;
    const random = (): number => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
    const pick = (count: number): number => Math.floor(random() * count);
    const letters = 'abcdefghijkmnopqstuwxyz';
    const edit = (word: string): string => {
      const chars = word.split('');
      const at = pick(chars.length);
      const kind = pick(4);
      if (kind === 0) chars[at] = letters[pick(letters.length)];
      else if (kind === 1) chars.splice(at, 1);
      else if (kind === 2) chars.splice(at, 0, letters[pick(letters.length)]);
      else if (at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
      return chars.join('');
    };
    let near = 0;
    for (let n = 0; n < 20_000; n += 1) {
      let word = edit(fuzzy[pick(fuzzy.length)].skeleton);
      if (random() < 0.7) word = edit(word);
      if (random() < 0.2) word = edit(word);
      const scan = scanName(word);
      if (scan.tokenCount !== 1 || scan.joinedLength < 5) continue;
      const joined = String.fromCharCode(...scan.joined.subarray(0, scan.joinedLength));
      const brute = fuzzy.some((term) => {
        const max = allowedTypos(term.skeleton.length);
        const typos = boundedEditDistance(joined, term.skeleton, max);
        return typos > 0 && typos <= max;
      });
      if (brute) near += 1;
      expect([word, mayHaveTypo(scan, vocabulary)]).toEqual([word, brute]);
    }
    expect(near).toBeGreaterThan(5_000);
  });

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
      reasons: [
        {
          code: 'no_helpdesk_signal',
          message: expect.any(String),
          text: { key: 'warning.reasons.noHelpdeskSignal' },
        },
      ],
    });
    expect(first.reasons).not.toBe(second.reasons);
  });
});

describe('whole words that weigh nothing', () => {
  it.each([['Finance Team'], ['Sam Department'], ['The Front Project Group']])(
    'are no hit in %p for the fast path',
    (displayName) => {
      expect(hasWordHit(displayName)).toBe(true);
      expect(hasWordHit(displayName, Number.MIN_VALUE)).toBe(false);
    },
  );

  it('still count inside a word, where their edges make word edges for other terms', () => {
    // "Corporate" (a filler) inside one word lets "IT" after it be a word of its own.
    expect(hasWordHit('CorporateIT', Number.MIN_VALUE)).toBe(true);
    expect(matchTerms(normaliseName('corporateit'), vocabulary).map((match) => match.term.label)).toContain(
      'IT',
    );
  });

  it('make no evidence and imitate nothing, with or without the fast path', () => {
    for (const displayName of ['Finance Team', 'T3am Lead', 'Global Unit Staff']) {
      const verdict = detector.score({ displayName });
      expect(verdict.score).toBe(0);
      expect(verdict.imitates).toBeUndefined();
      expect(verdict.reasons.map((reason) => reason.code)).toEqual(['no_helpdesk_signal']);
    }
    // The full path (an invisible character forces it) says the same about the words.
    const full = detector.score({ displayName: 'Finance\u200b Team' });
    expect(full.imitates).toBeUndefined();
    expect(full.reasons.map((reason) => reason.code)).toEqual(['invisible_characters']);
  });
});

describe('scanPlain, the quick scan of plain text', () => {
  // Letters the skeleton rewrites (l, r+n, v+v), repeats, digits and separators.
  const alphabet = 'aeilnrsvtmx0123456789._- ';
  const random = prng(7);
  const samples = Array.from({ length: 5_000 }, () => {
    let text = '';
    const length = 1 + Math.floor(random() * 24);
    for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  });
  samples.push('', '.', 'a', 'a.b', 'j.d.smith', 'a.b.c.helpdesk', 'helpdesk42', '42helpdesk', 'x.1', '1.x');

  it('gives the skeleton and word edges scanName gives, for 5,000 plain strings', () => {
    for (const text of samples) {
      const plain = scanPlain(text);
      expect(plain).toBeDefined();
      const quick = {
        joined: Array.from(plain?.joined.subarray(0, plain.joinedLength) ?? []),
        startAt: Array.from(plain?.startAt.subarray(0, plain.joinedLength) ?? []),
        endAt: Array.from(plain?.endAt.subarray(0, plain.joinedLength) ?? []),
      };
      const scan = scanName(text);
      expect([text, quick]).toEqual([
        text,
        {
          joined: Array.from(scan.joined.subarray(0, scan.joinedLength)),
          startAt: Array.from(scan.startAt.subarray(0, scan.joinedLength)),
          endAt: Array.from(scan.endAt.subarray(0, scan.joinedLength)),
        },
      ]);
    }
  });

  it('finds the terms matchTerms finds (exact, in a domain label too)', () => {
    const texts = [...samples, 'helpdesk.2', 'it.support', 'microsoftsupport', 'servicedesk99', 'itadmin'];
    for (const text of texts)
      for (const embeddable of [EMBEDDABLE_LENGTH, 6]) {
        const plain = scanPlain(text);
        const quick = plain ? plainTerms(plain, vocabulary, embeddable) : [];
        expect([text, quick]).toEqual([
          text,
          matchTerms(normaliseName(text), vocabulary, { typos: false, embeddable }),
        ]);
      }
  });

  it('reads part of a string', () => {
    const plain = scanPlain('helpdesk@contoso.com', 0, 8);
    expect(
      plain &&
        Array.from(plain.joined.subarray(0, plain.joinedLength), (code) => String.fromCharCode(code)).join(
          '',
        ),
    ).toBe('heipdesk');
  });

  it.each([['Jane.Doe'], ['micro$oft'], ['a@b'], ['pipe|it'], ['hey!'], ['jörg'], ['Неlрdеsk']])(
    'leaves %p to scanName',
    (text) => {
      expect(scanPlain(text)).toBeUndefined();
    },
  );

  it('grows its buffers for long text', () => {
    const long = `${'ab.'.repeat(400)}helpdesk`;
    const plain = scanPlain(long);
    expect(plain?.joinedLength).toBe(scanName(long).joinedLength);
  });
});

describe('plainMayHit, the one-pass test of a local part', () => {
  // Pieces of terms, skeleton rewrites (l, rn, vv), repeats, leetspeak digits, separators.
  const pieces = ['it', 'help', 'desk', 'sup', 'port', 'admin', 'soc', 'ms', 'service', 'team', 'security'];
  const letters = ['l', 'r', 'n', 'rn', 'v', 'vv', 'ii', 'a', 'e', 'j', 'd', 'x', '1', '7', '0', '3', '42'];
  const gaps = ['.', '_', '-', '+', '.j.', '.d.'];
  const random = prng(11);
  const pick = (items: readonly string[]): string => items[Math.floor(random() * items.length)];
  const samples = Array.from({ length: 6_000 }, () => {
    let text = '';
    const parts = 1 + Math.floor(random() * 6);
    for (let i = 0; i < parts; i += 1) {
      const roll = random();
      text += roll < 0.4 ? pick(pieces) : roll < 0.8 ? pick(letters) : pick(gaps);
    }
    return text;
  });
  // A word starting with the letter the last one ends with starts at the letter kept.
  samples.push(
    '',
    '.',
    'it',
    'i.t',
    'j.d.it',
    'smith',
    'it.support',
    'helpdesk42',
    '17.5',
    'xi.it',
    'ad.desk',
  );
  const { tables } = vocabulary.automaton;

  it('never says NO_HIT where anyWordHit over scanPlain finds a term, and says NOT_PLAIN_TEXT where scanPlain reads nothing', () => {
    let hits = 0;
    let spared = 0;
    for (const text of [...samples, 'Jane.Doe', 'micro$oft', 'jörg'])
      for (const embeddable of [EMBEDDABLE_LENGTH, 6])
        for (const minWeight of [0.3, Number.MIN_VALUE]) {
          const answer = plainMayHit(text, 0, text.length, tables, embeddable, minWeight);
          const plain = scanPlain(text);
          if (plain === undefined) {
            expect([text, answer]).toEqual([text, NOT_PLAIN_TEXT]);
            continue;
          }
          const hit = vocabulary.automaton.anyWordHit(
            plain.joined,
            plain.joinedLength,
            plain.startAt,
            plain.endAt,
            embeddable,
            minWeight,
          );
          if (hit) hits += 1;
          else if (answer === NO_HIT) spared += 1;
          expect([text, embeddable, minWeight, answer]).toEqual([
            text,
            embeddable,
            minWeight,
            hit ? MAY_HIT : answer,
          ]);
        }
    // Both kinds are common in the samples, and most strings with no hit are spared the scan.
    expect(hits).toBeGreaterThan(2_000);
    expect(spared).toBeGreaterThan(2_000);
  });

  it('spares plain names, reads part of a string, and leaves the rest to the scans', () => {
    const answer = (text: string, end = text.length): number =>
      plainMayHit(text, 0, end, tables, EMBEDDABLE_LENGTH, 0.3);
    for (const text of ['jane.doe', 'smith', 'anita.18', 'kit.nguyen', 'r.n.v.v'])
      expect([text, answer(text)]).toEqual([text, NO_HIT]);
    for (const text of ['it.support', 'helpdesk', 'j.it', 'ms-it', 'he1pdesk', 'xi.it'])
      expect([text, answer(text)]).toEqual([text, MAY_HIT]);
    expect(answer('helpdesk@contoso.com', 8)).toBe(MAY_HIT);
    expect(answer('jane@helpdesk.com', 4)).toBe(NO_HIT);
    expect(answer('Jane.Doe')).toBe(NOT_PLAIN_TEXT);
    expect(answer(`${'ab.'.repeat(400)}it`)).toBe(MAY_HIT);
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

describe('compileMembership', () => {
  it('answers as membershipOf does, for 5,000 tenant IDs of every shape', () => {
    const random = prng(11);
    // Case, padding trim() removes (ASCII and not), and 'İ', whose lower case is longer.
    const alphabet = ['a', 'B', '1', '-', ' ', '\t', '\u00a0', '\ufeff', 'İ', 'i', '\u0307'];
    const policies: [string, string[]][] = [
      ['aB1', ['a-b', ' i ']],
      [' AB1-', ['i\u0307a', 'İb']],
      ['', ['a']],
      // 'aİb' is three characters, its lower case four: the one way lengths differ.
      ['x', ['aİb']],
    ];
    for (const [home, trusted] of policies) {
      const membership = compileMembership(home, trusted);
      const known = new Set(trusted.map((id) => id.trim().toLowerCase()).filter(Boolean));
      const differ: string[] = [];
      for (let n = 0; n < 5_000; n += 1) {
        let id = '';
        const length = Math.floor(random() * 7);
        for (let i = 0; i < length; i += 1) id += alphabet[Math.floor(random() * alphabet.length)];
        if (membership(id) !== membershipOf(id, home, known)) differ.push(id);
      }
      expect(differ).toEqual([]);
      for (const id of [home, ...trusted, 'aİb', 'AİB', ' aİb', null, undefined])
        expect(membership(id)).toBe(membershipOf(id, home, known));
    }
  });
});
