/**
 * Finds vocabulary terms in a normalised name: exact skeleton matches first (one
 * automaton pass), then near-spellings of whole words for typos. A short term counts
 * only where it is a word of its own: "IT Support" has "it", "Itzel" does not, and
 * "Helga Deskovic" has no "desk".
 */
import type { MatchableName } from '../scan/normalise-name';
import { letterForm, type Term, type Vocabulary } from './compile-vocabulary';
import type { PlainScan } from './plain-scan';
import type { TermMatch } from './term-match';
import { addTypoMatches } from './typo-matches';

/** Terms this long may also appear inside a longer word ("MicrosoftSupport"). */
export const EMBEDDABLE_LENGTH = 7;

/** Every term in the name, longest first, none inside another. */
export const matchTerms = (
  name: MatchableName,
  vocabulary: Vocabulary,
  options: { typos?: boolean; embeddable?: number } = {},
): TermMatch[] => {
  const { joined } = name;
  if (joined.length === 0) return [];
  const hits: TermMatch[] = [];
  vocabulary.automaton.scan(joined, (index, start, end) => {
    const term = vocabulary.terms[index];
    if (term.verify === '' || showsTerm(name, term, start, end)) hits.push({ term, start, end, typos: 0 });
  });
  const accepted = acceptAligned(
    hits,
    name.startAt,
    name.endAt,
    joined.length,
    options.embeddable ?? EMBEDDABLE_LENGTH,
  );
  const kept = dropContained(accepted);
  if (options.typos !== false) addTypoMatches(name, vocabulary, kept);
  return kept;
};

/**
 * matchTerms(name, vocabulary, { typos: false, embeddable }) for the name a plain scan
 * comes from, read off the scan: its letters all have a Latin reading, so no verified term
 * can be in it, and nothing but the skeleton and its word edges decides.
 */
export const plainTerms = (scan: PlainScan, vocabulary: Vocabulary, embeddable: number): TermMatch[] => {
  const hits: TermMatch[] = [];
  vocabulary.automaton.scanCodes(scan.joined, scan.joinedLength, (index, start, end) => {
    hits.push({ term: vocabulary.terms[index], start, end, typos: 0 });
  });
  return dropContained(acceptAligned(hits, scan.startAt, scan.endAt, scan.joinedLength, embeddable));
};

/** Whether the words over joined[start, end) are the verified term's letters as written. */
const showsTerm = (name: MatchableName, term: Term, start: number, end: number): boolean => {
  const first = name.tokens[name.tokenOf[start]];
  const last = name.tokens[name.tokenOf[end - 1]];
  return letterForm(name.text.slice(first.start, last.end)) === term.verify;
};

/**
 * Keeps hits that are whole words; a long term may sit inside a word, and its edges
 * then count as word edges, so "microsoftsupport" yields "microsoft" and "support".
 */
/** Word edges as acceptAligned grows them; reused, grown for longer names. */
let startEdges = new Uint8Array(256);
let endEdges = new Uint8Array(256);
let acceptedHits = new Uint8Array(64);

const acceptAligned = (
  hits: TermMatch[],
  wordStarts: ArrayLike<number>,
  wordEnds: ArrayLike<number>,
  length: number,
  embeddable: number,
): TermMatch[] => {
  if (hits.length === 0) return hits;
  if (startEdges.length < length) {
    startEdges = new Uint8Array(length * 2);
    endEdges = new Uint8Array(length * 2);
  }
  if (acceptedHits.length < hits.length) acceptedHits = new Uint8Array(hits.length * 2);
  const startAt = startEdges;
  const endAt = endEdges;
  for (let i = 0; i < length; i += 1) {
    startAt[i] = wordStarts[i];
    endAt[i] = wordEnds[i];
  }
  const done = acceptedHits;
  done.fill(0, 0, hits.length);
  const accepted: TermMatch[] = [];
  for (let pass = 0, changed = true; changed && pass < 3; pass += 1) {
    changed = false;
    for (let h = 0; h < hits.length; h += 1) {
      if (done[h]) continue;
      const { start, end, term } = hits[h];
      if (!(startAt[start] && endAt[end - 1]) && term.skeleton.length < embeddable) continue;
      done[h] = 1;
      accepted.push(hits[h]);
      if (end < length) startAt[end] = 1;
      if (start > 0) endAt[start - 1] = 1;
      changed = true;
    }
  }
  return accepted;
};

const dropContained = (matches: TermMatch[]): TermMatch[] => {
  if (matches.length < 2) return matches;
  // Longest first, then leftmost; stable (insertion sort: a name has a handful of matches).
  const sorted = matches.slice();
  for (let i = 1; i < sorted.length; i += 1) {
    const match = sorted[i];
    const size = match.end - match.start;
    let j = i - 1;
    while (j >= 0) {
      const other = sorted[j];
      const order = size - (other.end - other.start) || other.start - match.start;
      if (order <= 0) break;
      sorted[j + 1] = other;
      j -= 1;
    }
    sorted[j + 1] = match;
  }
  const kept: TermMatch[] = [];
  for (const match of sorted) {
    let inside = false;
    for (let k = 0; k < kept.length && !inside; k += 1)
      inside = kept[k].start <= match.start && match.end <= kept[k].end;
    if (!inside) kept.push(match);
  }
  return kept;
};
