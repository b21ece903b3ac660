/**
 * Finds vocabulary terms in a normalised name: exact skeleton matches first (one
 * automaton pass), then near-spellings of whole words for typos. A short term counts
 * only where it is a word of its own: "IT Support" has "it", "Itzel" does not, and
 * "Helga Deskovic" has no "desk".
 */
import { allowedTypos, boundedEditDistance, boundedEditDistanceCodes } from './edit-distance';
import type { MatchableName, NameScan } from './normalise-name';
import type { PlainScan } from './plain-scan';
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
   * Terms allowed one typo (six letters or more), by (length, first two letters) and
   * (length, last two letters): one edit leaves the first two or the last two letters of
   * a word that long in place, so a word meets only the few terms sharing them.
   */
  oneTypoByStart: (Term[] | undefined)[];
  oneTypoByEnd: (Term[] | undefined)[];
  /** The shortest and the longest of those terms. */
  oneTypoMin: number;
  oneTypoMax: number;
  /**
   * Long terms allowed two typos, shortest first; twoTyposFrom[size] is the first of them
   * with `size` letters or more. Few: a long word is compared with those whose length is
   * within two of its own.
   */
  twoTyposBySize: Term[];
  /** The letters (Term.letters) of each of twoTyposBySize, side by side for a quick look. */
  twoTyposLetters: Int32Array;
  twoTyposFrom: Int32Array;
  /** hasCloseTerm() answers by word, for the hot path (words repeat across names). */
  closeTerms: CloseTermCache;
}

/**
 * A direct-mapped cache of hasCloseTerm() answers, keyed by the word's codes (kept in full,
 * compared in full: a slot answers only for the very word it holds). hasCloseTerm is a pure
 * function of the word and the vocabulary, so what the cache evicts changes nothing but time.
 */
export interface CloseTermCache {
  /**
   * CLOSE_CACHE_STRIDE bytes per slot, so that a lookup reads one cache line: the word's
   * length (0: an empty slot), the answer (1: a close term exists), then the word's codes.
   */
  slots: Uint8Array;
}

const CLOSE_CACHE_SLOTS = 32768;
const CLOSE_CACHE_STRIDE = 32;
/** Words this long may be two typos from a long term: those answers are worth caching. */
const TWO_TYPO_WORD = 8;
/** Longer words are not cached (rare; they are compared each time). */
const CLOSE_CACHE_WORD = CLOSE_CACHE_STRIDE - 2;

const closeTermCache = (): CloseTermCache => ({
  slots: new Uint8Array(CLOSE_CACHE_SLOTS * CLOSE_CACHE_STRIDE),
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

/** Whether `value` has more than `max` bits set (clearing the lowest `max` first: max is 0 to 2). */
const moreBitsThan = (value: number, max: number): boolean => {
  let rest = value;
  for (let k = 0; k < max && rest !== 0; k += 1) rest &= rest - 1;
  return rest !== 0;
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
const histogramDistance = (histogram: Uint8Array, letters: number): number => {
  let apart = 0;
  // Only letters of the word or the term (`letters`, both masks) can differ.
  for (let rest = letters; rest !== 0; rest &= rest - 1) {
    const c = 31 - Math.clz32(rest & -rest);
    const d = wordHistogram[c] - histogram[c];
    apart += d < 0 ? -d : d;
  }
  return apart;
};

const NO_WORDS: readonly string[] = [];
const NO_TERMS: readonly Term[] = [];

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

/** The index key of a length and two letters ('a'..'z' and '{': codes 97 to 123). */
const endKey = (length: number, a: number, b: number): number => (length * 27 + a - 97) * 27 + b - 97;

/** Whether term starts with codes a, b. */
const startsWith = (term: Term, a: number, b: number): boolean =>
  term.skeleton.charCodeAt(0) === a && term.skeleton.charCodeAt(1) === b;

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
  // A verified term's '{' stands for any non-Latin letter: no near-spellings of it.
  const fuzzy = terms.filter((term) => term.kind !== 'filler' && term.verify === '');
  const oneTypo = fuzzy.filter((term) => allowedTypos(term.skeleton.length) === 1);
  const twoTyposBySize = fuzzy
    .filter((term) => allowedTypos(term.skeleton.length) === 2)
    .sort((a, b) => a.skeleton.length - b.skeleton.length);
  const sizes = oneTypo.map((term) => term.skeleton.length);
  const oneTypoMin = Math.min(...sizes);
  const oneTypoMax = Math.max(0, ...sizes);
  // Filled with undefined up front: an array grown by assignment far past its end would be
  // kept as a dictionary, and every lookup would be a hash lookup.
  const keys = endKey(oneTypoMax + 1, 97, 97);
  const oneTypoByStart = new Array<Term[] | undefined>(keys).fill(undefined);
  const oneTypoByEnd = new Array<Term[] | undefined>(keys).fill(undefined);
  for (const term of oneTypo) {
    const { skeleton } = term;
    const size = skeleton.length;
    (oneTypoByStart[endKey(size, skeleton.charCodeAt(0), skeleton.charCodeAt(1))] ??= []).push(term);
    (oneTypoByEnd[endKey(size, skeleton.charCodeAt(size - 2), skeleton.charCodeAt(size - 1))] ??= []).push(
      term,
    );
  }
  const longest = twoTyposBySize.length === 0 ? 0 : twoTyposBySize[twoTyposBySize.length - 1].skeleton.length;
  const twoTyposFrom = new Int32Array(longest + 2);
  for (let size = 0, k = 0; size < twoTyposFrom.length; size += 1) {
    while (k < twoTyposBySize.length && twoTyposBySize[k].skeleton.length < size) k += 1;
    twoTyposFrom[size] = k;
  }
  return {
    terms,
    automaton: buildTermAutomaton(
      terms.map((term) => term.skeleton),
      terms.map((term) => term.weight),
    ),
    oneTypoByStart,
    oneTypoByEnd,
    oneTypoMin,
    oneTypoMax,
    twoTyposBySize,
    twoTyposLetters: Int32Array.from(twoTyposBySize, (term) => term.letters),
    twoTyposFrom,
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

/** Typo candidates, as [start, end) ranges of joined: reused, grown for longer names. */
let rangeStarts = new Int32Array(64);
let rangeEnds = new Int32Array(64);
let candidateStarts = new Int32Array(192);
let candidateEnds = new Int32Array(192);

/** Whole words (or two neighbouring words) left unexplained, compared with terms for typos. */
const addTypoMatches = (name: MatchableName, vocabulary: Vocabulary, kept: TermMatch[]): void => {
  const { joined, tokenOf } = name;
  const length = joined.length;
  if (rangeStarts.length <= length) {
    rangeStarts = new Int32Array(length * 2);
    rangeEnds = new Int32Array(length * 2);
    candidateStarts = new Int32Array(length * 6);
    candidateEnds = new Int32Array(length * 6);
  }
  // Words at least half unexplained by the matches so far.
  let ranges = 0;
  for (let i = 0; i < length;) {
    let j = i + 1;
    while (j < length && tokenOf[j] === tokenOf[i]) j += 1;
    // Repeated letters collapse across words, so a word may share one letter with a match.
    let covered = 0;
    for (let k = 0; k < kept.length; k += 1) {
      const overlap = Math.min(j, kept[k].end) - Math.max(i, kept[k].start);
      if (overlap > 0) covered += overlap;
    }
    if (covered * 2 < j - i) {
      rangeStarts[ranges] = i;
      rangeEnds[ranges] = j;
      ranges += 1;
    }
    i = j;
  }
  // Pairs first, so "Secuirty Team" is read as "Security Team" and not as "Security".
  let candidates = 0;
  const candidate = (start: number, end: number): void => {
    candidateStarts[candidates] = start;
    candidateEnds[candidates] = end;
    candidates += 1;
  };
  for (let r = 0; r < ranges; r += 1) {
    const end = rangeEnds[r];
    if (r + 1 < ranges && end === rangeStarts[r + 1]) candidate(rangeStarts[r], rangeEnds[r + 1]);
    if (end >= length) continue;
    // A weak match in the next word: "Secuirty" next to "Team".
    const next = tokenOf[end];
    for (let k = 0; k < kept.length; k += 1) {
      const match = kept[k];
      if (match.start === end && match.term.weight < 0.5 && tokenOf[match.end - 1] === next) {
        candidate(rangeStarts[r], match.end);
        break;
      }
    }
  }
  for (let r = 0; r < ranges; r += 1) candidate(rangeStarts[r], rangeEnds[r]);
  for (let c = 0; c < candidates; c += 1) {
    const start = candidateStarts[c];
    const end = candidateEnds[c];
    if (end - start < MIN_FUZZY_LENGTH || overlapsTypo(kept, start, end)) continue;
    if (!mayBeNearSpelling(joined, start, end, vocabulary)) continue;
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

/** Whether a typo match already overlaps joined[start, end). */
const overlapsTypo = (kept: TermMatch[], start: number, end: number): boolean => {
  for (let k = 0; k < kept.length; k += 1) {
    const match = kept[k];
    if (match.typos > 0 && match.start < end && start < match.end) return true;
  }
  return false;
};

const closestTerm = (word: string, vocabulary: Vocabulary): { term: Term; typos: number } | undefined => {
  const mask = letterMask(word);
  wordHistogram.fill(0);
  for (let i = 0; i < word.length; i += 1) wordHistogram[word.charCodeAt(i) - 97] += 1;
  let best: { term: Term; typos: number } | undefined;
  const consider = (term: Term): void => {
    const max = allowedTypos(term.skeleton.length);
    if (Math.abs(term.skeleton.length - word.length) > max) return;
    if (moreBitsThan(term.letters & ~mask, max) || moreBitsThan(mask & ~term.letters, max)) return;
    if (histogramDistance(term.histogram, mask | term.letters) > 2 * max) return;
    const typos = boundedEditDistance(word, term.skeleton, max);
    if (typos > max || typos === 0 || term.partials.includes(word)) return;
    for (const short of term.shortWords) if (!word.includes(short)) return;
    if (!best || typos < best.typos || (typos === best.typos && term.weight > best.term.weight))
      best = { term, typos };
  };
  const [a, b] = [word.charCodeAt(0), word.charCodeAt(1)];
  const [y, z] = [word.charCodeAt(word.length - 2), word.charCodeAt(word.length - 1)];
  const top = Math.min(word.length + 1, vocabulary.oneTypoMax);
  for (let length = Math.max(word.length - 1, vocabulary.oneTypoMin); length <= top; length += 1) {
    for (const term of vocabulary.oneTypoByStart[endKey(length, a, b)] ?? NO_TERMS) consider(term);
    for (const term of vocabulary.oneTypoByEnd[endKey(length, y, z)] ?? NO_TERMS)
      if (!startsWith(term, a, b)) consider(term);
  }
  if (word.length >= TWO_TYPO_WORD) {
    // Two typos change the length by two at most.
    const { twoTyposBySize, twoTyposFrom } = vocabulary;
    const top = twoTyposFrom.length - 1;
    const to = twoTyposFrom[Math.min(word.length + 3, top)];
    for (let k = twoTyposFrom[Math.min(word.length - 2, top)]; k < to; k += 1) consider(twoTyposBySize[k]);
  }
  return best;
};

/** Whether wordHistogram holds the counts of the word hasCloseTerm() compares now. */
let histogramReady = false;

/** Counts the letters of codes[start, end) into wordHistogram. */
const countLetters = (codes: Uint8Array, start: number, end: number): void => {
  for (let c = 0; c < HISTOGRAM_SIZE; c += 1) wordHistogram[c] = 0;
  for (let i = start; i < end; i += 1) wordHistogram[codes[i] - 97] += 1;
  histogramReady = true;
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
  if (moreBitsThan(term.letters & ~mask, max) || moreBitsThan(mask & ~term.letters, max)) return false;
  // The letter counts are made for the few words that get this far.
  if (!histogramReady) countLetters(codes, start, start + length);
  if (histogramDistance(term.histogram, mask | term.letters) > 2 * max) return false;
  const typos = boundedEditDistanceCodes(codes, start, length, term.skeleton, max);
  return typos <= max && typos !== 0;
};

/** closestTerm(word) !== undefined, for codes[start, end) of a scan: no strings, no objects. */
const hasCloseTerm = (codes: Uint8Array, start: number, end: number, vocabulary: Vocabulary): boolean => {
  const length = end - start;
  let mask = 0;
  for (let i = start; i < end; i += 1) mask |= 1 << (codes[i] - 97);
  histogramReady = false;
  const a = codes[start];
  const b = codes[start + 1];
  const y = codes[end - 2];
  const z = codes[end - 1];
  // One typo changes the length by one at most.
  const top = Math.min(length + 1, vocabulary.oneTypoMax);
  for (let size = Math.max(length - 1, vocabulary.oneTypoMin); size <= top; size += 1) {
    const byStart = vocabulary.oneTypoByStart[endKey(size, a, b)];
    if (byStart !== undefined) {
      for (let k = 0; k < byStart.length; k += 1)
        if (isNearSpelling(codes, start, length, mask, byStart[k])) return true;
    }
    const byEnd = vocabulary.oneTypoByEnd[endKey(size, y, z)];
    if (byEnd !== undefined) {
      for (let k = 0; k < byEnd.length; k += 1) {
        const term = byEnd[k];
        if (!startsWith(term, a, b) && isNearSpelling(codes, start, length, mask, term)) return true;
      }
    }
  }
  if (length >= TWO_TYPO_WORD) {
    // Two typos change the length by two at most.
    const { twoTyposBySize, twoTyposFrom, twoTyposLetters } = vocabulary;
    const last = twoTyposFrom.length - 1;
    const to = twoTyposFrom[Math.min(length + 3, last)];
    for (let k = twoTyposFrom[Math.min(length - 2, last)]; k < to; k += 1) {
      // isNearSpelling's letter test first, on the masks side by side: most long terms
      // share too few letters, and are turned away without reading the term.
      const letters = twoTyposLetters[k];
      if (moreBitsThan(letters & ~mask, 2) || moreBitsThan(mask & ~letters, 2)) continue;
      if (isNearSpelling(codes, start, length, mask, twoTyposBySize[k])) return true;
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
  // Short words meet only the few terms their first or last two letters index: no cache.
  if (length < TWO_TYPO_WORD || length > CLOSE_CACHE_WORD) return hasCloseTerm(codes, start, end, vocabulary);
  // FNV-1a over the codes.
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ codes[i], 0x01000193);
  const { slots } = vocabulary.closeTerms;
  const base = ((hash ^ (hash >>> 15)) & (CLOSE_CACHE_SLOTS - 1)) * CLOSE_CACHE_STRIDE;
  const key = base + 2 - start;
  if (slots[base] === length) {
    let i = start;
    while (i < end && slots[key + i] === codes[i]) i += 1;
    if (i === end) return slots[base + 1] === 1;
  }
  const answer = hasCloseTerm(codes, start, end, vocabulary);
  for (let i = start; i < end; i += 1) slots[key + i] = codes[i];
  slots[base] = length;
  slots[base + 1] = answer ? 1 : 0;
  return answer;
};

/** The word's codes for hasCloseTermCached (one word at a time; grown for longer words). */
let wordCodes = new Uint8Array(64);

/**
 * Whether joined[start, end) could be a near-spelling of a term: closestTerm's answer is
 * a subset of hasCloseTerm's, and the cached test spares most words the full comparison.
 */
const mayBeNearSpelling = (joined: string, start: number, end: number, vocabulary: Vocabulary): boolean => {
  const length = end - start;
  if (wordCodes.length < length) wordCodes = new Uint8Array(length * 2);
  for (let i = 0; i < length; i += 1) wordCodes[i] = joined.charCodeAt(start + i);
  return hasCloseTermCached(wordCodes, 0, length, vocabulary);
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
