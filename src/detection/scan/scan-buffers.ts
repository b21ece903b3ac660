/**
 * The buffers a name scan writes (reused from name to name, grown for longer names), and
 * the word-level steps that finish a scan: spaced letters joined, skeletons joined.
 */
import type { ScriptClass } from './fold-table';
import { joinSkeletons, LOOKALIKE_SCRIPTS } from './name-token';

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

/** The one scan in progress or last done: scanName() writes here. */
const scanState: NameScan = {
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
  scanState.tokenStart = new Int32Array(size);
  scanState.tokenEnd = new Int32Array(size);
  scanState.tokenRawStart = new Int32Array(size);
  scanState.tokenRawLength = new Int32Array(size);
  scanState.tokenLeet = new Uint8Array(size);
  scanState.tokenConfusable = new Uint8Array(size);
  scanState.tokenScripts = new Int32Array(size);
  scanState.tokenSpaced = new Uint8Array(size);
};

const growRaw = (size: number): void => {
  const raw = new Uint8Array(size);
  raw.set(scanState.raw);
  scanState.raw = raw;
};

const growJoined = (size: number): void => {
  scanState.joined = new Uint8Array(size);
  scanState.startAt = new Uint8Array(size);
  scanState.endAt = new Uint8Array(size);
  scanState.tokenOf = new Int32Array(size);
};

const openToken = (t: number, start: number, gap: string, rawStart: number): void => {
  const s = scanState;
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
  const s = scanState;
  // A number alone ("365") is a number, not leetspeak.
  if (!realLetter) s.tokenLeet[t] = 0;
  s.tokenRawLength[t] = rawEnd - s.tokenRawStart[t];
  return t + 1;
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

/**
 * Exported by list: compiled to CommonJS (tsc), a module's own uses of an `export const`
 * read it off `exports` each time, and openToken and closeToken run for every word.
 */
export { scanState, growTokens, growRaw, openToken, closeToken, mergeSpacedLetters, buildJoined };
