/**
 * scanName() for the plainest text, an address's local part ("jane.doe42"): lower-case
 * ASCII letters, digits and separators only. It makes the joined skeleton and its word
 * edges, all that the vocabulary's first test reads, without the tokens, scripts and
 * tricks a display name needs, at a fraction of the cost. Anything else (upper case,
 * leetspeak symbols, non-ASCII) is left to scanName().
 */
import { LEET } from '../scan/ascii-folds';
import { CODE_I, CODE_L, CODE_M, CODE_N, CODE_R, CODE_V, CODE_W, joinSkeletons } from '../scan/name-token';
import type { NameScan } from '../scan/scan-buffers';
import { ALPHABET, type AutomatonTables } from './term-automaton';

/** What the vocabulary's first test reads: NameScan's joined skeleton and word edges. */
export type PlainScan = Pick<NameScan, 'joined' | 'joinedLength' | 'startAt' | 'endAt'>;

/** Characters scanName() treats in a way this scan does not: A-Z (CamelCase) and '@$!|' (leetspeak). */
const NOT_PLAIN = new Uint8Array(128);
for (let code = 65; code <= 90; code += 1) NOT_PLAIN[code] = 1;
for (const ch of '@$!|') NOT_PLAIN[ch.charCodeAt(0)] = 1;

const isLower = (code: number): boolean => code >= 97 && code <= 122;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * The letter text[i] is in a plain word (0: none, a separator): a-z as it is, a digit read
 * as leetspeak inside a word or starting one ("4dmin", "user42").
 */
const plainLetter = (text: string, i: number, end: number, open: boolean, code: number): number => {
  if (isLower(code)) return code;
  if (!isDigit(code)) return 0;
  const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
  return open || isLower(next) || isDigit(next) ? LEET[code] : 0;
};

const out: PlainScan = {
  joined: new Uint8Array(64),
  joinedLength: 0,
  startAt: new Uint8Array(64),
  endAt: new Uint8Array(64),
};
/** The letters of the words, where each word's letters start and how many it has. */
let raw = new Uint8Array(64);
let wordStart = new Int32Array(64);
let wordLength = new Int32Array(64);
let wordOf = new Int32Array(64);

const grow = (length: number): void => {
  const size = length * 2 + 16;
  raw = new Uint8Array(size);
  wordStart = new Int32Array(size);
  wordLength = new Int32Array(size);
  wordOf = new Int32Array(size);
  out.joined = new Uint8Array(size);
  out.startAt = new Uint8Array(size);
  out.endAt = new Uint8Array(size);
};

/**
 * The joined skeleton of text[start, end) and its word edges, as scanName() has them for
 * that text, or undefined when it is not plain. Valid until the next call.
 */
export const scanPlain = (text: string, start = 0, end = text.length): PlainScan | undefined => {
  if (raw.length < end - start + 1) grow(end - start);
  // Words: runs of letters, with digits inside them (or starting one) read as letters.
  let words = 0;
  let rawLength = 0;
  let open = false;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 128 || NOT_PLAIN[code] === 1) return undefined;
    const letter = plainLetter(text, i, end, open, code);
    if (letter === 0) {
      if (open) {
        wordLength[words] = rawLength - wordStart[words];
        words += 1;
        open = false;
      }
      continue;
    }
    if (!open) {
      wordStart[words] = rawLength;
      open = true;
    }
    raw[rawLength++] = letter;
  }
  if (open) {
    wordLength[words] = rawLength - wordStart[words];
    words += 1;
  }
  // Runs of one-letter words ("j.d.smith" has "jd") are one word, as scanName() joins them.
  let merged = 0;
  for (let w = 0; w < words; w += 1) {
    let last = w;
    while (last + 1 < words && wordLength[last] === 1 && wordLength[last + 1] === 1) last += 1;
    wordStart[merged] = wordStart[w];
    wordLength[merged] = wordStart[last] + wordLength[last] - wordStart[w];
    merged += 1;
    w = last;
  }
  out.joinedLength = joinSkeletons(
    raw,
    wordStart,
    wordLength,
    merged,
    out.joined,
    out.startAt,
    out.endAt,
    wordOf,
  );
  return out;
};

/** plainMayHit()'s answers. */
export const NO_HIT = 0;
export const MAY_HIT = 1;
export const NOT_PLAIN_TEXT = -1;

/** Word starts by skeleton letter, for plainMayHit (grown for longer text). */
let wordStarts = new Uint8Array(64);

/**
 * Whether the automaton's anyWordHit() could be true over scanPlain(text, start, end),
 * read in one pass that builds no scan: NO_HIT when it is surely false (most addresses),
 * MAY_HIT when a term weighing `minWeight` may be a whole word there or one `embeddable`
 * letters long is in it (scanPlain and anyWordHit then decide), NOT_PLAIN_TEXT where
 * scanPlain() would not read the text. The skeleton is scanPlain's (l->i, rn->m, vv->w
 * in a word, repeats collapsed); its word edges are taken before runs of one-letter words
 * are joined ("j.d.smith"), which only adds edges, so NO_HIT is never wrong.
 */
export const plainMayHit = (
  text: string,
  start: number,
  end: number,
  tables: AutomatonTables,
  embeddable: number,
  minWeight: number,
): number => {
  const { goto, hasOutput, outputs, lengths, weights } = tables;
  if (wordStarts.length < end - start + 1) wordStarts = new Uint8Array((end - start) * 2 + 16);
  let node = 0;
  /** Skeleton letters so far, and the last of them. */
  let length = 0;
  let last = 0;
  let open = false;
  /** The next skeleton letter begins a word. */
  let first = false;
  /** The skeleton letter a term weighing minWeight ends at, from a word start: a word hit if its word ends there. */
  let pending = -1;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 128 || NOT_PLAIN[code] === 1) return NOT_PLAIN_TEXT;
    let letter = plainLetter(text, i, end, open, code);
    if (letter === 0) {
      // A word ends: a pending term ends with it, at its last letter.
      if (open && pending === length - 1) return MAY_HIT;
      open = false;
      continue;
    }
    if (!open) {
      open = true;
      first = true;
    }
    // The skeleton, as joinSkeletons() makes it: 'n' and 'v' are letters of the same word.
    const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
    if (letter === CODE_L) letter = CODE_I;
    else if (letter === CODE_R && next === CODE_N) {
      letter = CODE_M;
      i += 1;
    } else if (letter === CODE_V && next === CODE_V) {
      letter = CODE_W;
      i += 1;
    }
    if (letter === last) {
      // A repeated letter is dropped; a word starting with it starts at the letter kept.
      if (first) wordStarts[length - 1] = 1;
      first = false;
      continue;
    }
    wordStarts[length] = first ? 1 : 0;
    first = false;
    length += 1;
    last = letter;
    pending = -1;
    node = goto[node * ALPHABET + letter - 97];
    if (hasOutput[node] === 0) continue;
    const found = outputs[node];
    for (let k = 0; k < found.length; k += 1) {
      const term = found[k];
      const size = lengths[term];
      if (size >= embeddable) return MAY_HIT;
      if (weights[term] >= minWeight && wordStarts[length - size] === 1) pending = length - 1;
    }
  }
  return open && pending === length - 1 ? MAY_HIT : NO_HIT;
};
