/**
 * Display-name normalisation: one pass over the name that folds every character to the
 * Latin letters it looks like, splits words (spaces, punctuation, CamelCase), and notes
 * every trick on the way (invisible characters, look-alike letters, leetspeak, spacing).
 */
import type { ScriptClass } from './fold-table';
import { scanName } from './name-scan';
import { type NameToken, scriptsIn, skeletonOf, LOOKALIKE_SCRIPTS } from './name-token';
import type { NameScan } from './scan-buffers';

export type { NameToken } from './name-token';

/** A name ready for matching, with the tricks found in it. */
export interface NormalisedName {
  /** The name as given: token offsets point into it. */
  text: string;
  tokens: NameToken[];
  /** Skeletons of all words, joined, with repeated letters collapsed. */
  joined: string;
  /** startAt[i] = 1 when a word starts at joined[i]; endAt[i] = 1 when one ends there. */
  startAt: number[];
  endAt: number[];
  /** The token each joined position came from. */
  tokenOf: number[];
  invisible: number;
  bidi: number;
  /** The first look-alike letter from another script, e.g. Greek 'Ε'. */
  confusable?: { char: string; script: ScriptClass };
  styled?: string;
  spaced: boolean;
  stretched: boolean;
  /** The first word that mixes scripts, with the scripts it mixes. */
  mixed?: { word: string; scripts: ScriptClass[] };
}

/** Up to this many codes, a loop of fromCharCode makes the string faster than a Buffer. */
const SHORT_STRING = 8;
/** A Buffer over the code array converted last (the scan's buffers take turns). */
let bufferedCodes: Uint8Array | undefined;
let codesBuffer: Buffer | undefined;

/** Codes (a-z and '{') to a string, flat: a word by a loop, a longer run through a Buffer. */
export const codesToString = (codes: Uint8Array, start: number, end: number): string => {
  if (end - start <= SHORT_STRING) {
    let out = '';
    for (let i = start; i < end; i += 1) out += String.fromCharCode(codes[i]);
    return out;
  }
  if (codes !== bufferedCodes || codesBuffer === undefined) {
    bufferedCodes = codes;
    codesBuffer = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength);
  }
  return codesBuffer.toString('latin1', start, end);
};

/** The first word mixing look-alike scripts, with those scripts; undefined if none. */
const mixedOf = (s: NameScan, tokens: NameToken[]): NormalisedName['mixed'] =>
  s.mixedToken < 0
    ? undefined
    : {
        word: tokens[s.mixedToken].raw,
        scripts: scriptsIn(s.tokenScripts[s.mixedToken] & LOOKALIKE_SCRIPTS),
      };

/** The NormalisedName of the last scan: objects and strings, for names worth explaining. */
export const materialise = (s: NameScan): NormalisedName => {
  const tokens: NameToken[] = [];
  for (let t = 0; t < s.tokenCount; t += 1) {
    const raw = codesToString(s.raw, s.tokenRawStart[t], s.tokenRawStart[t] + s.tokenRawLength[t]);
    tokens.push({
      raw,
      skeleton: skeletonOf(raw),
      start: s.tokenStart[t],
      end: s.tokenEnd[t],
      gap: s.tokenGap[t],
      leet: s.tokenLeet[t] === 1,
      confusable: s.tokenConfusable[t] === 1,
      scripts: s.tokenScripts[t],
      spaced: s.tokenSpaced[t] === 1,
    });
  }
  const n = s.joinedLength;
  const startAt = new Array<number>(n);
  const endAt = new Array<number>(n);
  const tokenOf = new Array<number>(n);
  for (let i = 0; i < n; i += 1) {
    startAt[i] = s.startAt[i];
    endAt[i] = s.endAt[i];
    tokenOf[i] = s.tokenOf[i];
  }
  const out: NormalisedName = {
    text: s.text,
    tokens,
    joined: codesToString(s.joined, 0, n),
    startAt,
    endAt,
    tokenOf,
    invisible: s.invisible,
    bidi: s.bidi,
    spaced: s.spaced,
    stretched: s.stretched,
    // Every field, set or not, in one order: one object shape for the matcher to read.
    confusable: s.confusable,
    styled: s.styled,
    mixed: mixedOf(s, tokens),
  };
  return out;
};

/**
 * What matching and scoring read from a name: a NormalisedName, or the lighter view of
 * a scan that the detector builds (position arrays are the scan's buffers, which may run
 * past joined.length: only positions below it are the name's).
 */
export type MatchableName = Omit<NormalisedName, 'startAt' | 'endAt' | 'tokenOf'> & {
  startAt: ArrayLike<number>;
  endAt: ArrayLike<number>;
  tokenOf: ArrayLike<number>;
};

/**
 * The scan as a MatchableName for the detector: tokens without skeletons, positions in
 * the scan buffers, so it is only valid until the next scanName() call.
 */
export const matchableView = (s: NameScan): MatchableName => {
  const tokens: NameToken[] = [];
  for (let t = 0; t < s.tokenCount; t += 1) {
    tokens.push({
      raw: codesToString(s.raw, s.tokenRawStart[t], s.tokenRawStart[t] + s.tokenRawLength[t]),
      skeleton: '',
      start: s.tokenStart[t],
      end: s.tokenEnd[t],
      gap: s.tokenGap[t],
      leet: s.tokenLeet[t] === 1,
      confusable: s.tokenConfusable[t] === 1,
      scripts: s.tokenScripts[t],
      spaced: s.tokenSpaced[t] === 1,
    });
  }
  const n = s.joinedLength;
  const out: MatchableName = {
    text: s.text,
    tokens,
    joined: codesToString(s.joined, 0, n),
    // The buffers themselves (read below joined.length only): views would cost an object each.
    startAt: s.startAt,
    endAt: s.endAt,
    tokenOf: s.tokenOf,
    invisible: s.invisible,
    bidi: s.bidi,
    spaced: s.spaced,
    stretched: s.stretched,
    // Every field, set or not, in one order: one object shape for the matcher to read.
    confusable: s.confusable,
    styled: s.styled,
    mixed: mixedOf(s, tokens),
  };
  return out;
};

/** Normalises a display name (or a UPN's local part) for matching. */
export const normaliseName = (name: string): NormalisedName => materialise(scanName(name));

/** The joined skeleton alone (no objects): what the vocabulary and domain labels need. */
export const joinedOf = (name: string): string => {
  const s = scanName(name);
  return codesToString(s.joined, 0, s.joinedLength);
};

/** The text of the name a match came from, as written. */
export const spanText = (displayName: string, name: MatchableName, start: number, end: number): string => {
  const first = name.tokens[name.tokenOf[start]];
  const last = name.tokens[name.tokenOf[end - 1]];
  return displayName.slice(first.start, last.end);
};
