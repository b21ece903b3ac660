/**
 * The vocabulary compiled for matching: each term's skeleton, letter set and counts, the
 * automaton over all skeletons, and the indexes that give a word the few terms it could be
 * a near-spelling of.
 */
import type { TermKind, TermSpec } from '../policy/vocabulary';
import { allowedTypos, endKey, histogramOf, letterMask } from './edit-distance';
import { buildTermAutomaton, type TermAutomaton } from './term-automaton';

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

export const CLOSE_CACHE_SLOTS = 32768;
export const CLOSE_CACHE_STRIDE = 32;
/** Longer words are not cached (rare; they are compared each time). */
export const CLOSE_CACHE_WORD = CLOSE_CACHE_STRIDE - 2;

const closeTermCache = (): CloseTermCache => ({
  slots: new Uint8Array(CLOSE_CACHE_SLOTS * CLOSE_CACHE_STRIDE),
});

const NO_WORDS: readonly string[] = [];

/** The skeletons of the short words of a term of several words. */
const shortWordsOf = (words: readonly string[], skeletonOf: (text: string) => string): readonly string[] => {
  if (words.length < 2) return NO_WORDS;
  const short = words.map((word) => skeletonOf(word)).filter((word) => word.length > 0 && word.length <= 3);
  return short.length === 0 ? NO_WORDS : short;
};

/** Letters and digits as written, NFKC and lower case: how a verified term is compared. */
export const letterForm = (text: string): string =>
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

/**
 * Why `text` cannot be a term (compileVocabulary would leave it out), or undefined: it
 * needs two letters with a Latin reading, and a term in a script of its own three.
 */
export const termProblem = (text: string, skeletonOf: (text: string) => string): string | undefined => {
  const skeleton = skeletonOf(text);
  if (latinIn(skeleton) < 2)
    return 'has fewer than two letters that read as Latin ones (scripts such as Japanese, Chinese or Arabic are not matched)';
  if (skeleton.includes('{') && latinIn(skeleton) < MIN_LATIN_IN_VERIFIED)
    return `has fewer than ${MIN_LATIN_IN_VERIFIED} letters that look like Latin ones, too few to find it by`;
  return undefined;
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

/** Whether term starts with codes a, b. */
export const startsWith = (term: Term, a: number, b: number): boolean =>
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
