/**
 * The terms in a piece of an address: the strongest in a local part (exact matches only,
 * and only terms that count there: 'Desk' alone says nothing), all of them in a domain's
 * owner label (owner-name.ts weighs those).
 */
import type { Vocabulary } from '../match/compile-vocabulary';
import { EMBEDDABLE_LENGTH, matchTerms, plainTerms } from '../match/match-terms';
import { type PlainScan, scanPlain } from '../match/plain-scan';
import type { TermMatch } from '../match/term-match';
import type { TermKind } from '../policy/vocabulary';
import { scanName } from '../scan/name-scan';
import { matchableView } from '../scan/normalise-name';

export interface Strongest {
  label: string;
  weight: number;
}

/**
 * Terms this long may sit inside a domain label: tenant names run words together
 * ("contososupport", whose "support" has six letters once "pp" is one).
 */
export const DOMAIN_EMBEDDABLE_LENGTH = 6;

/** The weakest term that counts in an address: a filler or a lone 'Desk' says nothing there. */
export const ADDRESS_TERM_WEIGHT = 0.3;

/**
 * The strongest term in text[start, end) (exact matches only) weighing
 * ADDRESS_TERM_WEIGHT or more, if any.
 */
export const strongest = (
  text: string,
  start: number,
  end: number,
  vocabulary: Vocabulary,
  embeddable = EMBEDDABLE_LENGTH,
  kind?: TermKind,
): Strongest | undefined => {
  // A plain local part ("jane.doe42") is scanned the quick way.
  const plain = scanPlain(text, start, end);
  return plain === undefined
    ? strongestInName(text.slice(start, end), vocabulary, embeddable, kind)
    : strongestInPlain(plain, vocabulary, embeddable, kind);
};

/** strongest() for text the plain scan does not read (upper case, non-ASCII, '@$!|'). */
const strongestInName = (
  text: string,
  vocabulary: Vocabulary,
  embeddable: number,
  kind?: TermKind,
): Strongest | undefined => {
  const scan = scanName(text);
  if (!hasAddressTerm(scan, vocabulary, embeddable)) return undefined;
  return strongestOf(matchTerms(matchableView(scan), vocabulary, { typos: false, embeddable }), kind);
};

/** strongest() for text a plain scan read. */
const strongestInPlain = (
  plain: PlainScan,
  vocabulary: Vocabulary,
  embeddable: number,
  kind?: TermKind,
): Strongest | undefined =>
  hasAddressTerm(plain, vocabulary, embeddable)
    ? strongestOf(plainTerms(plain, vocabulary, embeddable), kind)
    : undefined;

/**
 * Whether a term that counts in an address may be in the scan: most addresses hold none,
 * and skip building the name and its matches.
 */
const hasAddressTerm = (scan: PlainScan, vocabulary: Vocabulary, embeddable: number): boolean =>
  vocabulary.automaton.anyWordHit(
    scan.joined,
    scan.joinedLength,
    scan.startAt,
    scan.endAt,
    embeddable,
    ADDRESS_TERM_WEIGHT,
  );

/** The heaviest of `matches` (of `kind`, if given) weighing ADDRESS_TERM_WEIGHT or more. */
const strongestOf = (matches: readonly TermMatch[], kind: TermKind | undefined): Strongest | undefined => {
  let best: Strongest | undefined;
  for (const match of matches) {
    if (kind !== undefined && match.term.kind !== kind) continue;
    if (match.term.weight >= ADDRESS_TERM_WEIGHT && match.term.weight > (best?.weight ?? 0))
      best = { label: match.term.label, weight: match.term.weight };
  }
  return best;
};

/**
 * Every term in text[start, end) (exact matches only, none inside another), a term
 * `embeddable` letters long or longer also inside a word: a domain's owner label.
 */
export const termsIn = (
  text: string,
  start: number,
  end: number,
  vocabulary: Vocabulary,
  embeddable = DOMAIN_EMBEDDABLE_LENGTH,
): readonly TermMatch[] => {
  const plain = scanPlain(text, start, end);
  if (plain !== undefined) return plainTerms(plain, vocabulary, embeddable);
  return matchTerms(matchableView(scanName(text.slice(start, end))), vocabulary, {
    typos: false,
    embeddable,
  });
};
