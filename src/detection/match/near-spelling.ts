/**
 * Near-spellings: whether a word is within its allowed typos of a term (edit distance
 * scaled by length), and which term it is closest to. Letter sets, letter counts and the
 * index by first or last two letters leave few terms to compare each word with.
 */
import {
  CLOSE_CACHE_SLOTS,
  CLOSE_CACHE_STRIDE,
  CLOSE_CACHE_WORD,
  startsWith,
  type Term,
  type Vocabulary,
} from './compile-vocabulary';
import {
  allowedTypos,
  boundedEditDistance,
  boundedEditDistanceCodes,
  endKey,
  HISTOGRAM_SIZE,
  letterMask,
  moreBitsThan,
} from './edit-distance';

/** Words this long may be two typos from a long term: those answers are worth caching. */
const TWO_TYPO_WORD = 8;
const NO_TERMS: readonly Term[] = [];
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

/** The term `word` is a near-spelling of (fewest typos, then heaviest), if any. */
export const closestTerm = (
  word: string,
  vocabulary: Vocabulary,
): { term: Term; typos: number } | undefined => {
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
export const hasCloseTermCached = (
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
export const mayBeNearSpelling = (
  joined: string,
  start: number,
  end: number,
  vocabulary: Vocabulary,
): boolean => {
  const length = end - start;
  if (wordCodes.length < length) wordCodes = new Uint8Array(length * 2);
  for (let i = 0; i < length; i += 1) wordCodes[i] = joined.charCodeAt(start + i);
  return hasCloseTermCached(wordCodes, 0, length, vocabulary);
};
