/**
 * Display-name normalisation: one pass over the name that folds every character to the
 * Latin letters it looks like, splits words (spaces, punctuation, CamelCase), and notes
 * every trick on the way (invisible characters, look-alike letters, leetspeak, spacing).
 */
import { CharKind, type Fold, FoldSource, ScriptClass, foldCodePoint } from './fold-table';
import { buildJoined, mergeSpacedLetters, type NameToken, newToken } from './name-token';

export type { NameToken } from './name-token';

/** A name ready for matching, with the tricks found in it. */
export interface NormalisedName {
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

/** Digits and symbols read as letters inside a word (leetspeak). */
const LEET: Record<string, string> = {
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
};

const ASCII_FOLDS: Fold[] = Array.from({ length: 128 }, (_, code) => {
  const ch = String.fromCharCode(code);
  const lower = ch.toLowerCase();
  const letter = /[a-z]/.test(lower);
  return {
    kind: letter ? CharKind.Letter : CharKind.Separator,
    text: letter ? lower : '',
    source: FoldSource.Ascii,
    script: letter ? ScriptClass.Latin : ScriptClass.None,
    upper: letter && ch !== lower,
  };
});

const isAsciiAlnum = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Normalises a display name (or a UPN's local part) for matching. */
export const normaliseName = (name: string): NormalisedName => {
  const out: NormalisedName = {
    tokens: [],
    joined: '',
    startAt: [],
    endAt: [],
    tokenOf: [],
    invisible: 0,
    bidi: 0,
    spaced: false,
    stretched: false,
  };
  let token: NameToken | undefined;
  let gap = '';
  let prevUpper = false;
  let prevPrevUpper = false;
  let lastLetter = '';
  let run = 0;
  let realLetter = false;
  const close = (): void => {
    if (token) {
      // A number alone ("365") is a number, not leetspeak.
      token.leet &&= realLetter;
      out.tokens.push(token);
    }
    realLetter = false;
    token = undefined;
    prevUpper = false;
    prevPrevUpper = false;
    lastLetter = '';
  };
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    let fold: Fold;
    let width = 1;
    if (code < 128) {
      fold = ASCII_FOLDS[code];
      if (fold.kind === CharKind.Separator) {
        const leet = LEET[name[i]];
        const next = name.charCodeAt(i + 1);
        // Digits count as letters inside words; '@$!|' only between letters ("Micro$oft").
        const inWord =
          code >= 48 && code <= 57
            ? token !== undefined || isAsciiAlnum(next)
            : isAsciiAlnum(next) && (token !== undefined || code === 64 || code === 36);
        if (leet !== undefined && inWord) {
          token ??= newToken(i, gap);
          gap = '';
          token.leet = true;
          token.raw += leet;
          token.end = i + 1;
          lastLetter = '';
          continue;
        }
      }
    } else {
      let codePoint = code;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < name.length) {
        codePoint = name.codePointAt(i) ?? code;
        width = codePoint > 0xffff ? 2 : 1;
      }
      fold = foldCodePoint(codePoint);
    }
    switch (fold.kind) {
      case CharKind.Letter: {
        // CamelCase: "HelpDesk" splits before D; "ITSupport" splits before S.
        if (token && fold.upper && !prevUpper && lastLetter !== '') close();
        else if (token && !fold.upper && prevUpper && prevPrevUpper && token.raw.length > 1) {
          const moved = token.raw[token.raw.length - 1];
          token.raw = token.raw.slice(0, -1);
          token.end = i - 1;
          close();
          token = newToken(i - 1, '');
          token.raw = moved;
        }
        token ??= newToken(i, gap);
        gap = '';
        if (fold.source >= FoldSource.Styled) noteLetter(out, token, fold, name.slice(i, i + width));
        else token.scripts |= 1 << fold.script;
        realLetter = true;
        run = fold.text === lastLetter ? run + 1 : 1;
        if (run >= 3) out.stretched = true;
        token.raw += fold.text;
        token.end = i + width;
        lastLetter = fold.text;
        prevPrevUpper = prevUpper;
        prevUpper = fold.upper;
        break;
      }
      case CharKind.Other:
        token ??= newToken(i, gap);
        gap = '';
        token.scripts |= 1 << fold.script;
        token.raw += '{';
        token.end = i + width;
        lastLetter = '';
        break;
      case CharKind.Invisible:
        out.invisible += 1;
        break;
      case CharKind.Bidi:
        out.bidi += 1;
        break;
      case CharKind.Mark:
        break;
      default:
        close();
        // Keep the punctuation between words: "Jane (Helpdesk)", "IT Support: Peter".
        if (code !== 32 && code !== 0xa0 && gap.length < 4) gap += name[i];
        else if (gap === '') gap = ' ';
    }
    i += width - 1;
  }
  close();
  out.tokens = mergeSpacedLetters(out.tokens, out);
  buildJoined(out);
  return out;
};

const noteLetter = (out: NormalisedName, token: NameToken, fold: Fold, ch: string): void => {
  token.scripts |= 1 << fold.script;
  if (fold.source === FoldSource.Confusable) {
    token.confusable = true;
    out.confusable ??= { char: ch, script: fold.script };
  } else if (fold.source === FoldSource.Styled) {
    token.confusable = true;
    out.styled ??= ch;
  }
};
