/**
 * ASCII, most of any name, read by table: each character's fold (a letter, in lower case,
 * or a separator), and the letter a digit or symbol stands for inside a word (leetspeak).
 */
import { CharKind, type Fold, FoldSource, ScriptClass, makeFold } from './fold-table';

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

export const ASCII_FOLDS: Fold[] = Array.from({ length: 128 }, (_, code) => {
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
export const ASCII_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  if (ASCII_FOLDS[code].kind === CharKind.Letter) ASCII_LOWER[code] = ASCII_FOLDS[code].text.charCodeAt(0);
}
export const LATIN_BIT = 1 << ScriptClass.Latin;

export const isAsciiAlnum = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
