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

export const CODE_I = 105;
export const CODE_L = 108;
export const CODE_M = 109;
export const CODE_N = 110;
export const CODE_R = 114;
export const CODE_V = 118;
export const CODE_W = 119;
/** '{': a letter with no Latin reading. */
export const CODE_OTHER = 123;

/**
 * Writes the skeletons (l->i, rn->m, vv->w) of the words raw[starts[t], starts[t] +
 * lengths[t]) for t < count, joined, repeated letters collapsed (across words too), with
 * the word edges (startAt, endAt) and each position's word (tokenOf). Returns the length.
 */
export const joinSkeletons = (
  raw: Uint8Array,
  starts: Int32Array,
  lengths: Int32Array,
  count: number,
  joined: Uint8Array,
  startAt: Uint8Array,
  endAt: Uint8Array,
  tokenOf: Int32Array,
): number => {
  let length = 0;
  let last = -1;
  for (let t = 0; t < count; t += 1) {
    let p = starts[t];
    const end = p + lengths[t];
    let first = true;
    while (p < end) {
      let ch = raw[p];
      p += 1;
      if (ch === CODE_L) ch = CODE_I;
      else if (ch === CODE_R && p < end && raw[p] === CODE_N) {
        ch = CODE_M;
        p += 1;
      } else if (ch === CODE_V && p < end && raw[p] === CODE_V) {
        ch = CODE_W;
        p += 1;
      }
      // A doubled letter is dropped; its word boundary moves to the letter kept.
      if (ch !== last || ch === CODE_OTHER) {
        joined[length] = ch;
        startAt[length] = 0;
        endAt[length] = 0;
        tokenOf[length] = t;
        length += 1;
        last = ch;
      }
      if (first) {
        startAt[length - 1] = 1;
        first = false;
      }
      if (p >= end) endAt[length - 1] = 1;
    }
  }
  return length;
};

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
