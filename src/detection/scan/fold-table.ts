/**
 * Per-character folding for display names: what Latin letters a character looks like
 * and whether it is a separator, an invisible character or something else. Built from
 * Unicode's confusables data (the `unhomoglyph` package ships confusables.txt as JSON),
 * NFKC/NFKD and case folding, so no letter list is kept by hand.
 */
import confusables from 'unhomoglyph/data.json';

/** How a character takes part in a name. */
export enum CharKind {
  /** Folds to one or more ASCII letters. */
  Letter = 1,
  /** Space, punctuation or symbol: ends a word. */
  Separator = 2,
  /** Zero-width, joiner, format character: dropped, but its presence is a signal. */
  Invisible = 3,
  /** Bidi control (LRO, RLO, isolates...): dropped, a stronger signal. */
  Bidi = 4,
  /** Combining mark: dropped silently (diacritics). */
  Mark = 5,
  /** A letter with no Latin look-alike (Han, Arabic, most Cyrillic...). */
  Other = 6,
}

/** Where the Latin reading of a letter came from: what the warning card can explain. */
export enum FoldSource {
  Ascii = 0,
  /** Latin with diacritics: ordinary in many languages, never a signal. */
  Diacritic = 1,
  /** Fullwidth, mathematical, circled or other compatibility forms of Latin letters. */
  Styled = 2,
  /** A letter of another script that looks Latin (Cyrillic а, Greek ο...). */
  Confusable = 3,
}

/** Script families that matter for mixed-script words. */
export enum ScriptClass {
  None = 0,
  Latin = 1,
  Greek = 2,
  Cyrillic = 3,
  Armenian = 4,
  Cherokee = 5,
  Other = 6,
}

export const SCRIPT_NAMES: Record<ScriptClass, string> = {
  [ScriptClass.None]: 'symbol',
  [ScriptClass.Latin]: 'Latin',
  [ScriptClass.Greek]: 'Greek',
  [ScriptClass.Cyrillic]: 'Cyrillic',
  [ScriptClass.Armenian]: 'Armenian',
  [ScriptClass.Cherokee]: 'Cherokee',
  [ScriptClass.Other]: 'non-Latin',
};

export interface Fold {
  kind: CharKind;
  /** Lower-case ASCII letters for Letter; '' otherwise. */
  text: string;
  source: FoldSource;
  script: ScriptClass;
  /** An upper-case letter: word boundaries inside CamelCase ("ITSupport"). */
  upper: boolean;
  /**
   * `text` as a number, for the scanner's repeated-letter test: the code of a single
   * letter, an id above 0xffff for several letters ("ffi"), 0 for none.
   */
  key: number;
}

const data = confusables as Record<string, string>;
const ASCII_LETTERS = /^[a-z]+$/;
const MARKS = /\p{M}/gu;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800]/u;
const LETTER = /\p{L}/u;

const scriptOf = (ch: string): ScriptClass => {
  if (/\p{Script=Latin}/u.test(ch)) return ScriptClass.Latin;
  if (/\p{Script=Greek}/u.test(ch)) return ScriptClass.Greek;
  if (/\p{Script=Cyrillic}/u.test(ch)) return ScriptClass.Cyrillic;
  if (/\p{Script=Armenian}/u.test(ch)) return ScriptClass.Armenian;
  if (/\p{Script=Cherokee}/u.test(ch)) return ScriptClass.Cherokee;
  return LETTER.test(ch) ? ScriptClass.Other : ScriptClass.None;
};

const toLatin = (text: string): string | undefined => {
  const folded = text.normalize('NFKD').replace(MARKS, '').toLowerCase();
  return ASCII_LETTERS.test(folded) ? folded : undefined;
};

/** The confusables prototype of `ch`, trying its case variants: Greek ε maps via Ε. */
const confusableLatin = (ch: string): string | undefined => {
  for (const variant of [ch, ch.toLowerCase(), ch.toUpperCase()]) {
    const prototype = data[variant];
    const latin = prototype === undefined ? undefined : toLatin(prototype);
    if (latin !== undefined) return latin;
  }
  return undefined;
};

const computeKind = (ch: string): Omit<Fold, 'upper' | 'key'> => {
  const script = scriptOf(ch);
  if (BIDI.test(ch)) return { kind: CharKind.Bidi, text: '', source: FoldSource.Ascii, script };
  if (INVISIBLE.test(ch)) return { kind: CharKind.Invisible, text: '', source: FoldSource.Ascii, script };
  if (/\p{M}/u.test(ch)) return { kind: CharKind.Mark, text: '', source: FoldSource.Ascii, script };
  const compat = ch.normalize('NFKC');
  if (compat !== ch && ASCII_LETTERS.test(compat.toLowerCase())) {
    return {
      kind: CharKind.Letter,
      text: compat.toLowerCase(),
      source: FoldSource.Styled,
      script: ScriptClass.Latin,
    };
  }
  if (!LETTER.test(ch)) {
    // Compatibility digits (fullwidth, circled) read as the digit, which leetspeak handles.
    return {
      kind: CharKind.Separator,
      text: /^[0-9]$/.test(compat) ? compat : '',
      source: FoldSource.Styled,
      script,
    };
  }
  if (script === ScriptClass.Latin) {
    const plain = toLatin(ch);
    if (plain !== undefined)
      return { kind: CharKind.Letter, text: plain, source: FoldSource.Diacritic, script };
  }
  const latin = confusableLatin(ch);
  if (latin !== undefined) {
    const source = script === ScriptClass.Latin ? FoldSource.Diacritic : FoldSource.Confusable;
    return { kind: CharKind.Letter, text: latin, source, script };
  }
  return { kind: CharKind.Other, text: '', source: FoldSource.Ascii, script };
};

/**
 * A fold object. Every fold is made here, so all have one shape: the scanner's reads of
 * them stay monomorphic (a spread copy, say, would give V8 a second hidden class).
 */
export const makeFold = (
  kind: CharKind,
  text: string,
  source: FoldSource,
  script: ScriptClass,
  upper: boolean,
): Fold => ({ kind, text, source, script, upper, key: keyOf(text) });

/** Ids of the multi-letter texts folds have had (ligatures, "㎒"): few, kept for good. */
const multiLetterKeys = new Map<string, number>();

const keyOf = (text: string): number => {
  if (text.length <= 1) return text.length === 0 ? 0 : text.charCodeAt(0);
  let key = multiLetterKeys.get(text);
  if (key === undefined) {
    key = 0x10000 + multiLetterKeys.size;
    multiLetterKeys.set(text, key);
  }
  return key;
};

/** Folds one character (not cached: see foldCodePoint). */
export const computeFold = (ch: string): Fold => {
  const { kind, text, source, script } = computeKind(ch);
  return makeFold(kind, text, source, script, kind === CharKind.Letter && ch !== ch.toLowerCase());
};

/** Non-ASCII BMP folds, filled on first use: bounded at 65,536 entries. */
const bmp: Array<Fold | undefined> = new Array<Fold | undefined>(0x10000);
/** Astral folds (mathematical letters, emoji): a small map, emptied when it fills up. */
const astral = new Map<number, Fold>();
const ASTRAL_CACHE_SIZE = 4096;

/**
 * The fold of a non-ASCII code point. BMP results are kept in a fixed-size table;
 * astral characters are kept in a small bounded map (styled-letter names repeat them).
 */
export const foldCodePoint = (codePoint: number): Fold => {
  if (codePoint < 0x10000) {
    let fold = bmp[codePoint];
    if (fold === undefined) {
      fold = computeFold(String.fromCharCode(codePoint));
      bmp[codePoint] = fold;
    }
    return fold;
  }
  let fold = astral.get(codePoint);
  if (fold === undefined) {
    if (astral.size >= ASTRAL_CACHE_SIZE) astral.clear();
    fold = computeFold(String.fromCodePoint(codePoint));
    astral.set(codePoint, fold);
  }
  return fold;
};
