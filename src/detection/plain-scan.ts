/**
 * scanName() for the plainest text, an address's local part ("jane.doe42"): lower-case
 * ASCII letters, digits and separators only. It makes the joined skeleton and its word
 * edges, all that the vocabulary's first test reads, without the tokens, scripts and
 * tricks a display name needs, at a fraction of the cost. Anything else (upper case,
 * leetspeak symbols, non-ASCII) is left to scanName().
 */
import { joinSkeletons } from './name-token';
import { LEET, type NameScan } from './normalise-name';

/** What the vocabulary's first test reads: NameScan's joined skeleton and word edges. */
export type PlainScan = Pick<NameScan, 'joined' | 'joinedLength' | 'startAt' | 'endAt'>;

/** Characters scanName() treats in a way this scan does not: A-Z (CamelCase) and '@$!|' (leetspeak). */
const NOT_PLAIN = new Uint8Array(128);
for (let code = 65; code <= 90; code += 1) NOT_PLAIN[code] = 1;
for (const ch of '@$!|') NOT_PLAIN[ch.charCodeAt(0)] = 1;

const isLower = (code: number): boolean => code >= 97 && code <= 122;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

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
    let letter = 0;
    if (isLower(code)) letter = code;
    else if (isDigit(code)) {
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (open || isLower(next) || isDigit(next)) letter = LEET[code];
    }
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
