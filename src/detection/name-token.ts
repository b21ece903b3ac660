/**
 * Words of a normalised name and the joined skeleton the matcher scans. A skeleton
 * erases differences that fool the eye (l/I/1, rn/m, vv/w, doubled letters), and is
 * built the same way for names and for the vocabulary, so both meet in one form.
 */
import { ScriptClass } from './fold-table';
import type { NormalisedName } from './normalise-name';

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

export const newToken = (start: number, gap: string): NameToken => ({
  raw: '',
  skeleton: '',
  start,
  end: start,
  gap,
  leet: false,
  confusable: false,
  scripts: 0,
  spaced: false,
});

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

const LOOKALIKE_SCRIPTS =
  (1 << ScriptClass.Latin) |
  (1 << ScriptClass.Greek) |
  (1 << ScriptClass.Cyrillic) |
  (1 << ScriptClass.Armenian) |
  (1 << ScriptClass.Cherokee);

const scriptsIn = (mask: number): ScriptClass[] => {
  const scripts: ScriptClass[] = [];
  for (let script = ScriptClass.Latin; script <= ScriptClass.Cherokee; script += 1) {
    if (mask & (1 << script)) scripts.push(script);
  }
  return scripts;
};

/** Joins runs of one-letter words ("H e l p d e s k", "I T") into one word. */
export const mergeSpacedLetters = (tokens: NameToken[], out: Pick<NormalisedName, 'spaced'>): NameToken[] => {
  if (!tokens.some((token, i) => token.raw.length === 1 && tokens[i + 1]?.raw.length === 1)) return tokens;
  const merged: NameToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    let j = i;
    while (j + 1 < tokens.length && tokens[j].raw.length === 1 && tokens[j + 1].raw.length === 1) j += 1;
    if (j === i) {
      merged.push(tokens[i]);
      continue;
    }
    const first = tokens[i];
    const token = { ...first, end: tokens[j].end, spaced: j - i >= 2 };
    for (let k = i + 1; k <= j; k += 1) {
      token.raw += tokens[k].raw;
      token.leet ||= tokens[k].leet;
      token.confusable ||= tokens[k].confusable;
      token.scripts |= tokens[k].scripts;
    }
    out.spaced ||= token.spaced;
    merged.push(token);
    i = j;
  }
  return merged;
};

/** Fills skeletons, the joined form with its word boundaries, and the mixed-script note. */
export const buildJoined = (out: NormalisedName): void => {
  for (const token of out.tokens) {
    token.skeleton = skeletonOf(token.raw);
    const mixed = token.scripts & LOOKALIKE_SCRIPTS;
    if (!out.mixed && (mixed & (mixed - 1)) !== 0) {
      out.mixed = { word: token.raw, scripts: scriptsIn(mixed) };
    }
  }
  // Plain arrays: for a few dozen letters they are far cheaper to create than typed arrays.
  const startAt: number[] = [];
  const endAt: number[] = [];
  const tokenOf: number[] = [];
  let joined = '';
  let last = '';
  for (let t = 0; t < out.tokens.length; t += 1) {
    const skeleton = out.tokens[t].skeleton;
    for (let i = 0; i < skeleton.length; i += 1) {
      const ch = skeleton[i];
      // A doubled letter is dropped; its word boundary moves to the letter kept.
      if (ch !== last || ch === '{') {
        joined += ch;
        startAt.push(0);
        endAt.push(0);
        tokenOf.push(t);
        last = ch;
      }
      const at = joined.length - 1;
      if (i === 0) startAt[at] = 1;
      if (i === skeleton.length - 1) endAt[at] = 1;
    }
  }
  out.joined = joined;
  out.startAt = startAt;
  out.endAt = endAt;
  out.tokenOf = tokenOf;
};
