/**
 * Words of a normalised name and the joined skeleton the matcher scans. A skeleton
 * erases differences that fool the eye (l/I/1, rn/m, vv/w, doubled letters), and is
 * built the same way for names and for the vocabulary, so both meet in one form.
 */
import { ScriptClass } from './fold-table';

/** One word of a name. */
export interface NameToken {
  /** Lower-case Latin reading, leetspeak decoded; '{' stands for a non-Latin letter. */
  raw: string;
  skeleton: string;
  /** Code-unit offsets of the word in the original name. */
  start: number;
  end: number;
  /** Punctuation seen before the word (' ', '(', ': ', ' - '...). */
  gap: string;
  /** Digits or symbols were read as letters in it. */
  leet: boolean;
  /** A letter of it is a look-alike from another script or a styled form. */
  confusable: boolean;
  /** Bit set of ScriptClass values seen in it. */
  scripts: number;
  /** Made by joining single letters ("H e l p"). */
  spaced: boolean;
}

/** Skeleton of one word: l->i, rn->m, vv->w (repeats are collapsed over the joined form). */
export const skeletonOf = (raw: string): string => {
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    const next = raw[i + 1];
    if (ch === 'l') out += 'i';
    else if (ch === 'r' && next === 'n') {
      out += 'm';
      i += 1;
    } else if (ch === 'v' && next === 'v') {
      out += 'w';
      i += 1;
    } else out += ch;
  }
  return out;
};

export const LOOKALIKE_SCRIPTS =
  (1 << ScriptClass.Latin) |
  (1 << ScriptClass.Greek) |
  (1 << ScriptClass.Cyrillic) |
  (1 << ScriptClass.Armenian) |
  (1 << ScriptClass.Cherokee);

export const scriptsIn = (mask: number): ScriptClass[] => {
  const scripts: ScriptClass[] = [];
  for (let script = ScriptClass.Latin; script <= ScriptClass.Cherokee; script += 1) {
    if (mask & (1 << script)) scripts.push(script);
  }
  return scripts;
};
