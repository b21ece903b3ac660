/**
 * Finds vocabulary terms in a normalised name: exact skeleton matches first (one
 * automaton pass), then near-spellings of whole words for typos. A short term counts
 * only where it is a word of its own: "IT Support" has "it", "Itzel" does not, and
 * "Helga Deskovic" has no "desk".
 */
import { allowedTypos, boundedEditDistance, boundedEditDistanceCodes } from './edit-distance';
import type { MatchableName, NameScan } from './normalise-name';
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
  /** How often each letter (a-z, '{') occurs in the skeleton: a stronger filter. */
  histogram: Uint8Array;
  /**
   * Skeletons of the term's leading and trailing words ("dziai" and "it" for "Dział IT"):
   * a word that is one of them drops a whole word of the term, which is no typo.
   */
  partials: readonly string[];
  /**
   * For a term with letters that fold to no Latin letter ('{' in the skeleton, as in
   * "Техподдержка"): its letters as written, which a match must show. '' otherwise.
   */
  verify: string;
  /**
   * Skeletons of the short words (three letters or fewer) of a term of several words:
   * a near-spelling must keep them, or "HR Services" would be a typo of "IT Services".
   */
  shortWords: readonly string[];
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
  /** The same long terms by skeleton length, for the hot path's test. */
  twoTyposByLength: Term[][];
  /** hasCloseTerm() answers by word, for the hot path (words repeat across names). */
  closeTerms: CloseTermCache;
}

/**
 * A direct-mapped cache of hasCloseTerm() answers, keyed by the word's codes (kept in full,
 * compared in full: a slot answers only for the very word it holds). hasCloseTerm is a pure
 * function of the word and the vocabulary, so what the cache evicts changes nothing but time.
 */
export interface CloseTermCache {
  keys: Uint8Array;
  /** The length of the word in each slot; 0: empty. */
  lengths: Uint8Array;
  /** 1: a close term exists; 0: none. */
  answers: Uint8Array;
}

const CLOSE_CACHE_SLOTS = 32768;
/** Longer words are not cached (rare; they are compared each time). */
const CLOSE_CACHE_WORD = 24;

const closeTermCache = (): CloseTermCache => ({
  keys: new Uint8Array(CLOSE_CACHE_SLOTS * CLOSE_CACHE_WORD),
  lengths: new Uint8Array(CLOSE_CACHE_SLOTS),
  answers: new Uint8Array(CLOSE_CACHE_SLOTS),
});

/** A term found in a name, over joined[start, end). */
export interface TermMatch {
  term: Term;
  start: number;
  end: number;
  /** Edit distance for a near-spelling; 0 for an exact match. */
  typos: number;
}

/** Terms this long may also appear inside a longer word ("MicrosoftSupport"). */
export const EMBEDDABLE_LENGTH = 7;
const MIN_FUZZY_LENGTH = 5;

const letterMask = (text: string): number => {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) mask |= 1 << (text.charCodeAt(i) - 97);
  return mask;
};

const popCount = (value: number): number => {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

const histogramOf = (text: string): Uint8Array => {
  const histogram = new Uint8Array(HISTOGRAM_SIZE);
  for (let i = 0; i < text.length; i += 1) histogram[text.charCodeAt(i) - 97] += 1;
  return histogram;
};

const HISTOGRAM_SIZE = 27;
/** The letter counts of the word being compared (hot path; one word at a time). */
const wordHistogram = new Int32Array(HISTOGRAM_SIZE);

/**
 * How far the word's letter counts are from a term's. A substitution changes two counts,
 * an insertion or a deletion one, a swap none: more than twice the typos cannot match.
 */
const histogramDistance = (histogram: Uint8Array): number => {
  let apart = 0;
  for (let c = 0; c < HISTOGRAM_SIZE; c += 1) {
    const d = wordHistogram[c] - histogram[c];
    apart += d < 0 ? -d : d;
  }
  return apart;
};

const NO_WORDS: readonly string[] = [];

/** The skeletons of the short words of a term of several words. */
const shortWordsOf = (words: readonly string[], skeletonOf: (text: string) => string): readonly string[] => {
  if (words.length < 2) return NO_WORDS;
  const short = words.map((word) => skeletonOf(word)).filter((word) => word.length > 0 && word.length <= 3);
  return short.length === 0 ? NO_WORDS : short;
};

/** Letters and digits as written, NFKC and lower case: how a verified term is compared. */
const letterForm = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** Fewer Latin-looking letters than this and the skeleton says too little to scan for. */
const MIN_LATIN_IN_VERIFIED = 3;

const latinIn = (skeleton: string): number => {
  let count = 0;
  for (let i = 0; i < skeleton.length; i += 1) if (skeleton[i] !== '{') count += 1;
  return count;
};

/** The skeletons of each proper run of leading or trailing words of a term. */
const partialsOf = (words: readonly string[], skeletonOf: (text: string) => string): readonly string[] => {
  if (words.length < 2) return NO_WORDS;
  const partials: string[] = [];
  for (let k = 1; k < words.length; k += 1) {
    partials.push(skeletonOf(words.slice(0, k).join(' ')), skeletonOf(words.slice(k).join(' ')));
  }
  return partials;
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
    if (skeleton.length === 0) continue;
    const verified = skeleton.includes('{');
    if (verified && latinIn(skeleton) < MIN_LATIN_IN_VERIFIED) continue;
    const known = bySkeleton.get(skeleton);
    if (known && known.weight >= spec.weight) continue;
    const words = spec.text.split(/\s+/).filter(Boolean);
    bySkeleton.set(skeleton, {
      label: spec.text,
      kind: spec.kind,
      weight: spec.weight,
      skeleton,
      hasDigits: /[0-9]/.test(spec.text),
      letters: letterMask(skeleton),
      histogram: histogramOf(skeleton),
      partials: partialsOf(words, skeletonOf),
      verify: verified ? letterForm(spec.text) : '',
      shortWords: shortWordsOf(words, skeletonOf),
    });
  }
  const terms = [...bySkeleton.values()];
  const oneTypoByFirst: Term[][] = [];
  const oneTypoByLast: Term[][] = [];
  const twoTypos: Term[] = [];
  for (const term of terms) {
    const { skeleton } = term;
    const typos = allowedTypos(skeleton.length);
    // A verified term's '{' stands for any non-Latin letter: no near-spellings of it.
    if (term.kind === 'filler' || typos === 0 || term.verify !== '') continue;
    if (typos === 2) {
      twoTypos.push(term);
      continue;
    }
    (oneTypoByFirst[endKey(skeleton.length, skeleton.charCodeAt(0))] ??= []).push(term);
    (oneTypoByLast[endKey(skeleton.length, skeleton.charCodeAt(skeleton.length - 1))] ??= []).push(term);
  }
  const twoTyposByLength: Term[][] = [];
  for (const term of twoTypos) (twoTyposByLength[term.skeleton.length] ??= []).push(term);
  return {
    terms,
    automaton: buildTermAutomaton(terms.map((term) => term.skeleton)),
    oneTypoByFirst,
    oneTypoByLast,
    twoTypos,
    twoTyposByLength,
    closeTerms: closeTermCache(),
  };
};

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
  const accepted = acceptAligned(hits, name, options.embeddable ?? EMBEDDABLE_LENGTH);
  const kept = dropContained(accepted);
  if (options.typos !== false) addTypoMatches(name, vocabulary, kept);
  return kept;
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

const acceptAligned = (hits: TermMatch[], name: MatchableName, embeddable: number): TermMatch[] => {
  if (hits.length === 0) return hits;
  const length = name.startAt.length;
  if (startEdges.length < length) {
    startEdges = new Uint8Array(length * 2);
    endEdges = new Uint8Array(length * 2);
  }
  if (acceptedHits.length < hits.length) acceptedHits = new Uint8Array(hits.length * 2);
  const startAt = startEdges;
  const endAt = endEdges;
  for (let i = 0; i < length; i += 1) {
    startAt[i] = name.startAt[i];
    endAt[i] = name.endAt[i];
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

/** Whole words (or two neighbouring words) left unexplained, compared with terms for typos. */
const addTypoMatches = (name: MatchableName, vocabulary: Vocabulary, kept: TermMatch[]): void => {
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
  wordHistogram.fill(0);
  for (let i = 0; i < word.length; i += 1) wordHistogram[word.charCodeAt(i) - 97] += 1;
  let best: { term: Term; typos: number } | undefined;
  const consider = (term: Term): void => {
    const max = allowedTypos(term.skeleton.length);
    if (Math.abs(term.skeleton.length - word.length) > max) return;
    if (popCount(term.letters & ~mask) > max || popCount(mask & ~term.letters) > max) return;
    if (histogramDistance(term.histogram) > 2 * max) return;
    const typos = boundedEditDistance(word, term.skeleton, max);
    if (typos > max || typos === 0 || term.partials.includes(word)) return;
    for (const short of term.shortWords) if (!word.includes(short)) return;
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

/** Whether `term` is within its allowed typos of codes[start, start + length), and not equal. */
const isNearSpelling = (
  codes: Uint8Array,
  start: number,
  length: number,
  mask: number,
  term: Term,
): boolean => {
  const size = term.skeleton.length;
  const max = size >= 10 ? 2 : size >= 6 ? 1 : 0;
  if (Math.abs(size - length) > max) return false;
  if (popCount(term.letters & ~mask) > max || popCount(mask & ~term.letters) > max) return false;
  if (histogramDistance(term.histogram) > 2 * max) return false;
  const typos = boundedEditDistanceCodes(codes, start, length, term.skeleton, max);
  return typos <= max && typos !== 0;
};

/** closestTerm(word) !== undefined, for codes[start, end) of a scan: no strings, no objects. */
const hasCloseTerm = (codes: Uint8Array, start: number, end: number, vocabulary: Vocabulary): boolean => {
  const length = end - start;
  let mask = 0;
  wordHistogram.fill(0);
  for (let i = start; i < end; i += 1) {
    mask |= 1 << (codes[i] - 97);
    wordHistogram[codes[i] - 97] += 1;
  }
  const first = codes[start];
  const last = codes[end - 1];
  for (let size = length - 1; size <= length + 1; size += 1) {
    const byFirst = vocabulary.oneTypoByFirst[endKey(size, first)];
    if (byFirst !== undefined) {
      for (let k = 0; k < byFirst.length; k += 1)
        if (isNearSpelling(codes, start, length, mask, byFirst[k])) return true;
    }
    const byLast = vocabulary.oneTypoByLast[endKey(size, last)];
    if (byLast !== undefined) {
      for (let k = 0; k < byLast.length; k += 1) {
        const term = byLast[k];
        if (term.skeleton.charCodeAt(0) !== first && isNearSpelling(codes, start, length, mask, term))
          return true;
      }
    }
  }
  if (length >= 8) {
    // Two typos change the length by two at most.
    const { twoTyposByLength } = vocabulary;
    const top = Math.min(length + 2, twoTyposByLength.length - 1);
    for (let size = Math.max(10, length - 2); size <= top; size += 1) {
      const bucket = twoTyposByLength[size];
      if (bucket === undefined) continue;
      for (let k = 0; k < bucket.length; k += 1)
        if (isNearSpelling(codes, start, length, mask, bucket[k])) return true;
    }
  }
  return false;
};

/** hasCloseTerm(), answered from the vocabulary's cache when the word was seen before. */
const hasCloseTermCached = (
  codes: Uint8Array,
  start: number,
  end: number,
  vocabulary: Vocabulary,
): boolean => {
  const length = end - start;
  if (length > CLOSE_CACHE_WORD) return hasCloseTerm(codes, start, end, vocabulary);
  // FNV-1a over the codes.
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ codes[i], 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & (CLOSE_CACHE_SLOTS - 1);
  const cache = vocabulary.closeTerms;
  const { keys } = cache;
  const base = slot * CLOSE_CACHE_WORD;
  if (cache.lengths[slot] === length) {
    let k = 0;
    while (k < length && keys[base + k] === codes[start + k]) k += 1;
    if (k === length) return cache.answers[slot] === 1;
  }
  const answer = hasCloseTerm(codes, start, end, vocabulary);
  for (let k = 0; k < length; k += 1) keys[base + k] = codes[start + k];
  cache.lengths[slot] = length;
  cache.answers[slot] = answer ? 1 : 0;
  return answer;
};

/**
 * For a scan with no exact term in it: could addTypoMatches find one? Every word, and
 * every pair of neighbouring words, of five letters or more is a candidate then.
 */
export const mayHaveTypo = (scan: NameScan, vocabulary: Vocabulary): boolean => {
  const { joined, tokenOf, joinedLength } = scan;
  let previousStart = -1;
  for (let i = 0; i < joinedLength;) {
    let j = i + 1;
    while (j < joinedLength && tokenOf[j] === tokenOf[i]) j += 1;
    if (j - i >= MIN_FUZZY_LENGTH && hasCloseTermCached(joined, i, j, vocabulary)) return true;
    if (
      previousStart >= 0 &&
      j - previousStart >= MIN_FUZZY_LENGTH &&
      hasCloseTermCached(joined, previousStart, j, vocabulary)
    )
      return true;
    previousStart = i;
    i = j;
  }
  return false;
};
