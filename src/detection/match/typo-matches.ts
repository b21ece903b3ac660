/**
 * Typos in a name: whole words (or two neighbouring words) that no exact match explains,
 * compared with the terms they could be near-spellings of ("Secuirty Team", "Helpdsk").
 */
import type { MatchableName } from '../scan/normalise-name';
import type { NameScan } from '../scan/scan-buffers';
import type { Vocabulary } from './compile-vocabulary';
import { closestTerm, hasCloseTermCached, mayBeNearSpelling } from './near-spelling';
import type { TermMatch } from './term-match';

const MIN_FUZZY_LENGTH = 5;

/** Typo candidates, as [start, end) ranges of joined: reused, grown for longer names. */
let rangeStarts = new Int32Array(64);
let rangeEnds = new Int32Array(64);
let candidateStarts = new Int32Array(192);
let candidateEnds = new Int32Array(192);

/** Whole words (or two neighbouring words) left unexplained, compared with terms for typos. */
export const addTypoMatches = (name: MatchableName, vocabulary: Vocabulary, kept: TermMatch[]): void => {
  const { joined, tokenOf } = name;
  const length = joined.length;
  if (rangeStarts.length <= length) {
    rangeStarts = new Int32Array(length * 2);
    rangeEnds = new Int32Array(length * 2);
    candidateStarts = new Int32Array(length * 6);
    candidateEnds = new Int32Array(length * 6);
  }
  // Words at least half unexplained by the matches so far.
  let ranges = 0;
  for (let i = 0; i < length;) {
    let j = i + 1;
    while (j < length && tokenOf[j] === tokenOf[i]) j += 1;
    // Repeated letters collapse across words, so a word may share one letter with a match.
    let covered = 0;
    for (let k = 0; k < kept.length; k += 1) {
      const overlap = Math.min(j, kept[k].end) - Math.max(i, kept[k].start);
      if (overlap > 0) covered += overlap;
    }
    if (covered * 2 < j - i) {
      rangeStarts[ranges] = i;
      rangeEnds[ranges] = j;
      ranges += 1;
    }
    i = j;
  }
  // Pairs first, so "Secuirty Team" is read as "Security Team" and not as "Security".
  let candidates = 0;
  const candidate = (start: number, end: number): void => {
    candidateStarts[candidates] = start;
    candidateEnds[candidates] = end;
    candidates += 1;
  };
  for (let r = 0; r < ranges; r += 1) {
    const end = rangeEnds[r];
    if (r + 1 < ranges && end === rangeStarts[r + 1]) candidate(rangeStarts[r], rangeEnds[r + 1]);
    if (end >= length) continue;
    // A weak match in the next word: "Secuirty" next to "Team".
    const next = tokenOf[end];
    for (let k = 0; k < kept.length; k += 1) {
      const match = kept[k];
      if (match.start === end && match.term.weight < 0.5 && tokenOf[match.end - 1] === next) {
        candidate(rangeStarts[r], match.end);
        break;
      }
    }
  }
  for (let r = 0; r < ranges; r += 1) candidate(rangeStarts[r], rangeEnds[r]);
  for (let c = 0; c < candidates; c += 1) {
    const start = candidateStarts[c];
    const end = candidateEnds[c];
    if (end - start < MIN_FUZZY_LENGTH || overlapsTypo(kept, start, end)) continue;
    if (!mayBeNearSpelling(joined, start, end, vocabulary)) continue;
    const best = closestTerm(joined.slice(start, end), vocabulary);
    if (!best) continue;
    const inside = kept.filter((match) => match.start >= start && match.end <= end);
    if (inside.some((match) => match.term.weight >= best.term.weight)) continue;
    if (kept.some((match) => match.start < end - 1 && start < match.end - 1 && !inside.includes(match)))
      continue;
    for (const match of inside) kept.splice(kept.indexOf(match), 1);
    kept.push({ term: best.term, start, end, typos: best.typos });
  }
};

/** Whether a typo match already overlaps joined[start, end). */
const overlapsTypo = (kept: TermMatch[], start: number, end: number): boolean => {
  for (let k = 0; k < kept.length; k += 1) {
    const match = kept[k];
    if (match.typos > 0 && match.start < end && start < match.end) return true;
  }
  return false;
};

/**
 * For a scan with no exact term in it: could addTypoMatches find one? Every word, and
 * every pair of neighbouring words, of five letters or more is a candidate then.
 */
export const mayHaveTypo = (scan: NameScan, vocabulary: Vocabulary): boolean => {
  const { joined, tokenOf, joinedLength } = scan;
  let previousStart = -1;
  for (let i = 0; i < joinedLength;) {
    let j = i + 1;
    while (j < joinedLength && tokenOf[j] === tokenOf[i]) j += 1;
    if (j - i >= MIN_FUZZY_LENGTH && hasCloseTermCached(joined, i, j, vocabulary)) return true;
    if (
      previousStart >= 0 &&
      j - previousStart >= MIN_FUZZY_LENGTH &&
      hasCloseTermCached(joined, previousStart, j, vocabulary)
    )
      return true;
    previousStart = i;
    i = j;
  }
  return false;
};
