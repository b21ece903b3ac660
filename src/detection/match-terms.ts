/**
 * Finds vocabulary terms in a normalised name: exact skeleton matches first (one
 * automaton pass), then near-spellings of whole words for typos. A short term counts
 * only where it is a word of its own: "IT Support" has "it", "Itzel" does not, and
 * "Helga Deskovic" has no "desk".
 */
import { allowedTypos, boundedEditDistance } from './edit-distance';
import type { NormalisedName } from './normalise-name';
import { buildTermAutomaton, type TermAutomaton } from './term-automaton';
import type { TermKind, TermSpec } from './vocabulary';

/** A compiled term. */
export interface Term {
  label: string;
  kind: TermKind;
  weight: number;
  skeleton: string;
  /** The term itself has digits ("Office 365"), so digits matching it are not leetspeak. */
  hasDigits: boolean;
  /** Bit set of the letters in the skeleton: a cheap filter before edit distance. */
  letters: number;
}

export interface Vocabulary {
  terms: Term[];
  automaton: TermAutomaton;
  /**
   * Terms allowed one typo, by (length, first letter) and (length, last letter): one
   * edit leaves one end in place, so a word meets only the few terms sharing an end.
   */
  oneTypoByFirst: Term[][];
  oneTypoByLast: Term[][];
  /** Long terms allowed two typos: few, compared with every long word. */
  twoTypos: Term[];
}

/** A term found in a name, over joined[start, end). */
export interface TermMatch {
  term: Term;
  start: number;
  end: number;
  /** Edit distance for a near-spelling; 0 for an exact match. */
  typos: number;
}

/** Terms this long may also appear inside a longer word ("MicrosoftSupport"). */
const EMBEDDABLE_LENGTH = 7;
const MIN_FUZZY_LENGTH = 5;

const letterMask = (text: string): number => {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) mask |= 1 << (text.charCodeAt(i) - 97);
  return mask;
};

const popCount = (value: number): number => {
  let count = 0;
  for (let v = value; v !== 0; v &= v - 1) count += 1;
  return count;
};

const endKey = (length: number, code: number): number => length * 32 + ((code - 96) & 31);

/** Compiles term specs; `skeletonOf` is normaliseName(...).joined, passed in to avoid a cycle. */
export const compileVocabulary = (
  specs: readonly TermSpec[],
  skeletonOf: (text: string) => string,
): Vocabulary => {
  const bySkeleton = new Map<string, Term>();
  for (const spec of specs) {
    const skeleton = skeletonOf(spec.text);
    if (skeleton.length === 0 || skeleton.includes('{')) continue;
    const known = bySkeleton.get(skeleton);
    if (known && known.weight >= spec.weight) continue;
    bySkeleton.set(skeleton, {
      label: spec.text,
      kind: spec.kind,
      weight: spec.weight,
      skeleton,
      hasDigits: /[0-9]/.test(spec.text),
      letters: letterMask(skeleton),
    });
  }
  const terms = [...bySkeleton.values()];
  const oneTypoByFirst: Term[][] = [];
  const oneTypoByLast: Term[][] = [];
  const twoTypos: Term[] = [];
  for (const term of terms) {
    const { skeleton } = term;
    const typos = allowedTypos(skeleton.length);
    if (term.kind === 'filler' || typos === 0) continue;
    if (typos === 2) {
      twoTypos.push(term);
      continue;
    }
    (oneTypoByFirst[endKey(skeleton.length, skeleton.charCodeAt(0))] ??= []).push(term);
    (oneTypoByLast[endKey(skeleton.length, skeleton.charCodeAt(skeleton.length - 1))] ??= []).push(term);
  }
  return {
    terms,
    automaton: buildTermAutomaton(terms.map((term) => term.skeleton)),
    oneTypoByFirst,
    oneTypoByLast,
    twoTypos,
  };
};

/** Every term in the name, longest first, none inside another. */
export const matchTerms = (
  name: NormalisedName,
  vocabulary: Vocabulary,
  options: { typos?: boolean } = {},
): TermMatch[] => {
  const { joined } = name;
  if (joined.length === 0) return [];
  const hits: TermMatch[] = [];
  vocabulary.automaton.scan(joined, (term, start, end) => {
    hits.push({ term: vocabulary.terms[term], start, end, typos: 0 });
  });
  const accepted = acceptAligned(hits, name);
  const kept = dropContained(accepted);
  if (options.typos !== false) addTypoMatches(name, vocabulary, kept);
  return kept;
};

/**
 * Keeps hits that are whole words; a long term may sit inside a word, and its edges
 * then count as word edges, so "microsoftsupport" yields "microsoft" and "support".
 */
const acceptAligned = (hits: TermMatch[], name: NormalisedName): TermMatch[] => {
  if (hits.length === 0) return hits;
  const startAt = name.startAt.slice();
  const endAt = name.endAt.slice();
  const done = new Uint8Array(hits.length);
  const accepted: TermMatch[] = [];
  for (let pass = 0, changed = true; changed && pass < 3; pass += 1) {
    changed = false;
    for (let h = 0; h < hits.length; h += 1) {
      if (done[h]) continue;
      const { start, end, term } = hits[h];
      if (!(startAt[start] && endAt[end - 1]) && term.skeleton.length < EMBEDDABLE_LENGTH) continue;
      done[h] = 1;
      accepted.push(hits[h]);
      if (end < startAt.length) startAt[end] = 1;
      if (start > 0) endAt[start - 1] = 1;
      changed = true;
    }
  }
  return accepted;
};

const dropContained = (matches: TermMatch[]): TermMatch[] => {
  if (matches.length < 2) return matches;
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: TermMatch[] = [];
  for (const match of sorted) {
    if (!kept.some((other) => other.start <= match.start && match.end <= other.end)) kept.push(match);
  }
  return kept;
};

/** Whole words (or two neighbouring words) left unexplained, compared with terms for typos. */
const addTypoMatches = (name: NormalisedName, vocabulary: Vocabulary, kept: TermMatch[]): void => {
  const { joined, tokenOf } = name;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < joined.length;) {
    let j = i + 1;
    while (j < joined.length && tokenOf[j] === tokenOf[i]) j += 1;
    // Repeated letters collapse across words, so a word may share one letter with a match.
    let covered = 0;
    for (const match of kept) covered += Math.max(0, Math.min(j, match.end) - Math.max(i, match.start));
    if (covered * 2 < j - i) ranges.push([i, j]);
    i = j;
  }
  // Pairs first, so "Secuirty Team" is read as "Security Team" and not as "Security".
  const candidates: Array<[number, number]> = [];
  for (let r = 0; r < ranges.length; r += 1) {
    if (r + 1 < ranges.length && ranges[r][1] === ranges[r + 1][0])
      candidates.push([ranges[r][0], ranges[r + 1][1]]);
    const next = tokenOf[ranges[r][1]];
    const neighbour = kept.find(
      (m) => m.start === ranges[r][1] && m.term.weight < 0.5 && tokenOf[m.end - 1] === next,
    );
    if (neighbour && ranges[r][1] < joined.length) candidates.push([ranges[r][0], neighbour.end]);
  }
  candidates.push(...ranges);
  for (const [start, end] of candidates) {
    if (end - start < MIN_FUZZY_LENGTH) continue;
    if (kept.some((match) => match.typos > 0 && match.start < end && start < match.end)) continue;
    const best = closestTerm(joined.slice(start, end), vocabulary);
    if (!best) continue;
    const inside = kept.filter((match) => match.start >= start && match.end <= end);
    if (inside.some((match) => match.term.weight >= best.term.weight)) continue;
    if (kept.some((match) => match.start < end - 1 && start < match.end - 1 && !inside.includes(match)))
      continue;
    for (const match of inside) kept.splice(kept.indexOf(match), 1);
    kept.push({ term: best.term, start, end, typos: best.typos });
  }
};

const closestTerm = (word: string, vocabulary: Vocabulary): { term: Term; typos: number } | undefined => {
  const mask = letterMask(word);
  let best: { term: Term; typos: number } | undefined;
  const consider = (term: Term): void => {
    const max = allowedTypos(term.skeleton.length);
    if (Math.abs(term.skeleton.length - word.length) > max) return;
    if (popCount(term.letters & ~mask) > max || popCount(mask & ~term.letters) > max) return;
    const typos = boundedEditDistance(word, term.skeleton, max);
    if (typos > max || typos === 0) return;
    if (!best || typos < best.typos || (typos === best.typos && term.weight > best.term.weight))
      best = { term, typos };
  };
  const first = word.charCodeAt(0);
  const last = word.charCodeAt(word.length - 1);
  for (let length = word.length - 1; length <= word.length + 1; length += 1) {
    const byFirst = vocabulary.oneTypoByFirst[endKey(length, first)];
    if (byFirst) for (const term of byFirst) consider(term);
    const byLast = vocabulary.oneTypoByLast[endKey(length, last)];
    if (byLast) for (const term of byLast) if (term.skeleton.charCodeAt(0) !== first) consider(term);
  }
  if (word.length >= 8) for (const term of vocabulary.twoTypos) consider(term);
  return best;
};
