/**
 * Display-name normalisation: one pass over the name that folds every character to the
 * Latin letters it looks like, splits words (spaces, punctuation, CamelCase), and notes
 * every trick on the way (invisible characters, look-alike letters, leetspeak, spacing).
 */
import { CharKind, type Fold, FoldSource, ScriptClass, foldCodePoint, makeFold } from './fold-table';
import {
  CODE_OTHER,
  joinSkeletons,
  LOOKALIKE_SCRIPTS,
  type NameToken,
  scriptsIn,
  skeletonOf,
} from './name-token';

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

/** Digits and symbols read as letters inside a word (leetspeak), by character code. */
export const LEET = new Uint8Array(128);
for (const [ch, letter] of Object.entries({
  '0': 'o',
  '1': 'i',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'b',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
}))
  LEET[ch.charCodeAt(0)] = letter.charCodeAt(0);

const ASCII_FOLDS: Fold[] = Array.from({ length: 128 }, (_, code) => {
  const ch = String.fromCharCode(code);
  const lower = ch.toLowerCase();
  const letter = /[a-z]/.test(lower);
  return makeFold(
    letter ? CharKind.Letter : CharKind.Separator,
    letter ? lower : '',
    FoldSource.Ascii,
    letter ? ScriptClass.Latin : ScriptClass.None,
    letter && ch !== lower,
  );
});

/** Lower-case code of an ASCII letter (0 for anything else). */
const ASCII_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  if (ASCII_FOLDS[code].kind === CharKind.Letter) ASCII_LOWER[code] = ASCII_FOLDS[code].text.charCodeAt(0);
}
const LATIN_BIT = 1 << ScriptClass.Latin;

/**
 * String.prototype.charCodeAt, called on the name: names come in many string
 * representations (one- or two-byte, flat, sliced, concatenated), and `name.charCodeAt`
 * looked up per character goes megamorphic; a call through the builtin itself does not.
 */
const { charCodeAt } = String.prototype;

const isAsciiAlnum = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * The result of scanning one name, kept in reusable buffers: the hot path reads these
 * directly and builds a NormalisedName (objects and strings) only for names that match
 * something. Valid until the next scanName() call.
 */
export interface NameScan {
  /** The name scanned last. */
  text: string;
  /** Skeleton codes (a-z and '{'), repeats collapsed: NormalisedName.joined. */
  joined: Uint8Array;
  joinedLength: number;
  startAt: Uint8Array;
  endAt: Uint8Array;
  tokenOf: Int32Array;
  tokenCount: number;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  tokenRawStart: Int32Array;
  tokenRawLength: Int32Array;
  tokenLeet: Uint8Array;
  tokenConfusable: Uint8Array;
  tokenScripts: Int32Array;
  tokenSpaced: Uint8Array;
  tokenGap: string[];
  raw: Uint8Array;
  invisible: number;
  bidi: number;
  spaced: boolean;
  stretched: boolean;
  confusable: { char: string; script: ScriptClass } | undefined;
  styled: string | undefined;
  /** The first token mixing look-alike scripts, or -1. */
  mixedToken: number;
}

const state: NameScan = {
  text: '',
  joined: new Uint8Array(256),
  joinedLength: 0,
  startAt: new Uint8Array(256),
  endAt: new Uint8Array(256),
  tokenOf: new Int32Array(256),
  tokenCount: 0,
  tokenStart: new Int32Array(128),
  tokenEnd: new Int32Array(128),
  tokenRawStart: new Int32Array(128),
  tokenRawLength: new Int32Array(128),
  tokenLeet: new Uint8Array(128),
  tokenConfusable: new Uint8Array(128),
  tokenScripts: new Int32Array(128),
  tokenSpaced: new Uint8Array(128),
  tokenGap: [],
  raw: new Uint8Array(256),
  invisible: 0,
  bidi: 0,
  spaced: false,
  stretched: false,
  confusable: undefined,
  styled: undefined,
  mixedToken: -1,
};

const growTokens = (size: number): void => {
  state.tokenStart = new Int32Array(size);
  state.tokenEnd = new Int32Array(size);
  state.tokenRawStart = new Int32Array(size);
  state.tokenRawLength = new Int32Array(size);
  state.tokenLeet = new Uint8Array(size);
  state.tokenConfusable = new Uint8Array(size);
  state.tokenScripts = new Int32Array(size);
  state.tokenSpaced = new Uint8Array(size);
};

const growRaw = (size: number): void => {
  const raw = new Uint8Array(size);
  raw.set(state.raw);
  state.raw = raw;
};

const growJoined = (size: number): void => {
  state.joined = new Uint8Array(size);
  state.startAt = new Uint8Array(size);
  state.endAt = new Uint8Array(size);
  state.tokenOf = new Int32Array(size);
};

const openToken = (t: number, start: number, gap: string, rawStart: number): void => {
  const s = state;
  s.tokenStart[t] = start;
  s.tokenEnd[t] = start;
  s.tokenGap[t] = gap;
  s.tokenLeet[t] = 0;
  s.tokenConfusable[t] = 0;
  s.tokenScripts[t] = 0;
  s.tokenRawStart[t] = rawStart;
};

/** Ends token t; returns the next token's index. */
const closeToken = (t: number, rawEnd: number, realLetter: boolean): number => {
  const s = state;
  // A number alone ("365") is a number, not leetspeak.
  if (!realLetter) s.tokenLeet[t] = 0;
  s.tokenRawLength[t] = rawEnd - s.tokenRawStart[t];
  return t + 1;
};

/**
 * Scans a display name (or a UPN's local part) into the shared buffers: one pass that
 * folds every character to the Latin letters it looks like, splits words (spaces,
 * punctuation, CamelCase) and notes every trick on the way.
 */
export const scanName = (name: string): NameScan => {
  const s = state;
  const length = name.length;
  s.text = name;
  if (s.tokenStart.length < length + 1) growTokens(length * 2 + 16);
  if (s.raw.length < length * 2 + 16) growRaw(length * 2 + 16);
  s.invisible = 0;
  s.bidi = 0;
  s.spaced = false;
  s.stretched = false;
  s.confusable = undefined;
  s.styled = undefined;
  s.mixedToken = -1;
  const { tokenEnd, tokenRawStart, tokenLeet, tokenConfusable, tokenScripts } = s;
  let raw = s.raw;
  let count = 0;
  let open = false;
  let rawLength = 0;
  let gap = '';
  let prevUpper = false;
  let prevPrevUpper = false;
  /** The last letter's Fold.key (0: none since the last break), for CamelCase and repeats. */
  let lastLetter = 0;
  let run = 0;
  let realLetter = false;
  for (let i = 0; i < length; i += 1) {
    const code = charCodeAt.call(name, i);
    let fold: Fold;
    let width = 1;
    if (code < 128) {
      const lower = ASCII_LOWER[code];
      if (lower !== 0) {
        // An ASCII letter, most of any name: the Letter case below, specialised.
        const upper = code <= 90;
        if (open && upper && !prevUpper && lastLetter !== 0) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        } else if (open && !upper && prevUpper && prevPrevUpper && rawLength - tokenRawStart[count] > 1) {
          const moved = raw[rawLength - 1];
          rawLength -= 1;
          tokenEnd[count] = i - 1;
          count = closeToken(count, rawLength, realLetter);
          openToken(count, i - 1, '', rawLength);
          open = true;
          raw[rawLength++] = moved;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        }
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        tokenScripts[count] |= LATIN_BIT;
        realLetter = true;
        run = lower === lastLetter ? run + 1 : 1;
        if (run >= 3) s.stretched = true;
        raw[rawLength++] = lower;
        tokenEnd[count] = i + 1;
        lastLetter = lower;
        prevPrevUpper = prevUpper;
        prevUpper = upper;
        continue;
      }
      fold = ASCII_FOLDS[code];
      if (fold.kind === CharKind.Separator) {
        const leet = LEET[code];
        if (leet !== 0) {
          const next = charCodeAt.call(name, i + 1);
          // Digits count as letters inside words; '@$!|' only between letters ("Micro$oft").
          const inWord =
            code >= 48 && code <= 57
              ? open || isAsciiAlnum(next)
              : isAsciiAlnum(next) && (open || code === 64 || code === 36);
          if (inWord) {
            if (!open) {
              openToken(count, i, gap, rawLength);
              open = true;
              gap = '';
            }
            tokenLeet[count] = 1;
            raw[rawLength++] = leet;
            tokenEnd[count] = i + 1;
            lastLetter = 0;
            continue;
          }
        }
      }
    } else {
      let codePoint = code;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        codePoint = name.codePointAt(i) ?? code;
        width = codePoint > 0xffff ? 2 : 1;
      }
      fold = foldCodePoint(codePoint);
    }
    switch (fold.kind) {
      case CharKind.Letter: {
        // CamelCase: "HelpDesk" splits before D; "ITSupport" splits before S.
        if (open && fold.upper && !prevUpper && lastLetter !== 0) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        } else if (
          open &&
          !fold.upper &&
          prevUpper &&
          prevPrevUpper &&
          rawLength - tokenRawStart[count] > 1
        ) {
          const moved = raw[rawLength - 1];
          rawLength -= 1;
          tokenEnd[count] = i - 1;
          count = closeToken(count, rawLength, realLetter);
          openToken(count, i - 1, '', rawLength);
          open = true;
          raw[rawLength++] = moved;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        }
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        if (fold.source >= FoldSource.Styled) {
          tokenScripts[count] |= 1 << fold.script;
          tokenConfusable[count] = 1;
          if (fold.source === FoldSource.Confusable)
            s.confusable ??= { char: name.slice(i, i + width), script: fold.script };
          else if (fold.source === FoldSource.Styled) s.styled ??= name.slice(i, i + width);
        } else tokenScripts[count] |= 1 << fold.script;
        realLetter = true;
        const text = fold.text;
        run = fold.key === lastLetter ? run + 1 : 1;
        if (run >= 3) s.stretched = true;
        if (text.length === 1) raw[rawLength++] = text.charCodeAt(0);
        else {
          // Keep room for one code per character still to come (the other writes need no check).
          const needed = rawLength + text.length + (length - i) + 8;
          if (needed > raw.length) {
            growRaw(needed * 2);
            raw = s.raw;
          }
          for (let k = 0; k < text.length; k += 1) raw[rawLength++] = text.charCodeAt(k);
        }
        tokenEnd[count] = i + width;
        lastLetter = fold.key;
        prevPrevUpper = prevUpper;
        prevUpper = fold.upper;
        break;
      }
      case CharKind.Other:
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        tokenScripts[count] |= 1 << fold.script;
        raw[rawLength++] = CODE_OTHER;
        tokenEnd[count] = i + width;
        lastLetter = 0;
        break;
      case CharKind.Invisible:
        s.invisible += 1;
        break;
      case CharKind.Bidi:
        s.bidi += 1;
        break;
      case CharKind.Mark:
        break;
      default:
        if (open) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
        }
        realLetter = false;
        prevUpper = false;
        prevPrevUpper = false;
        lastLetter = 0;
        // Keep the punctuation between words: "Jane (Helpdesk)", "IT Support: Peter".
        if (code !== 32 && code !== 0xa0 && gap.length < 4) gap += name[i];
        else if (gap === '') gap = ' ';
    }
    i += width - 1;
  }
  if (open) count = closeToken(count, rawLength, realLetter);
  s.tokenCount = count;
  mergeSpacedLetters(s);
  buildJoined(s, rawLength);
  return s;
};

/** Joins runs of one-letter words ("H e l p d e s k", "I T") into one word. */
const mergeSpacedLetters = (s: NameScan): void => {
  const count = s.tokenCount;
  const lengths = s.tokenRawLength;
  let any = false;
  for (let t = 0; t + 1 < count; t += 1) {
    if (lengths[t] === 1 && lengths[t + 1] === 1) {
      any = true;
      break;
    }
  }
  const spaced = s.tokenSpaced;
  // A loop, not spaced.fill(): names have a few words, and the builtin's call costs more.
  for (let t = 0; t < count; t += 1) spaced[t] = 0;
  if (!any) return;
  let w = 0;
  for (let i = 0; i < count; i += 1) {
    let j = i;
    while (j + 1 < count && lengths[j] === 1 && lengths[j + 1] === 1) j += 1;
    s.tokenStart[w] = s.tokenStart[i];
    s.tokenGap[w] = s.tokenGap[i];
    s.tokenRawStart[w] = s.tokenRawStart[i];
    let rawLength = lengths[i];
    let leet = s.tokenLeet[i];
    let confusable = s.tokenConfusable[i];
    let scripts = s.tokenScripts[i];
    // Token raws are contiguous in the raw buffer, so merging just widens the range.
    for (let k = i + 1; k <= j; k += 1) {
      rawLength += lengths[k];
      leet |= s.tokenLeet[k];
      confusable |= s.tokenConfusable[k];
      scripts |= s.tokenScripts[k];
    }
    s.tokenEnd[w] = s.tokenEnd[j];
    lengths[w] = rawLength;
    s.tokenLeet[w] = leet;
    s.tokenConfusable[w] = confusable;
    s.tokenScripts[w] = scripts;
    spaced[w] = j - i >= 2 ? 1 : 0;
    if (j - i >= 2) s.spaced = true;
    w += 1;
    i = j;
  }
  s.tokenCount = w;
};

/** Skeletons (l->i, rn->m, vv->w) of all words, joined, repeats collapsed, with word edges. */
const buildJoined = (s: NameScan, rawLength: number): void => {
  if (s.joined.length < rawLength + 1) growJoined(rawLength * 2 + 16);
  const { tokenScripts } = s;
  for (let t = 0; t < s.tokenCount; t += 1) {
    const mixed = tokenScripts[t] & LOOKALIKE_SCRIPTS;
    if ((mixed & (mixed - 1)) !== 0) {
      s.mixedToken = t;
      break;
    }
  }
  s.joinedLength = joinSkeletons(
    s.raw,
    s.tokenRawStart,
    s.tokenRawLength,
    s.tokenCount,
    s.joined,
    s.startAt,
    s.endAt,
    s.tokenOf,
  );
};

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
