/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, the
 * usual typos: "Micorsoft", "Hepldesk"), bounded: it gives up as soon as the distance
 * must exceed `max`, so comparing a name with a term costs little when they differ.
 * Before it, letter sets and letter counts of skeletons (codes a-z and '{'): the cheap
 * tests that turn most words away before an edit distance is worked out.
 */

const rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** The distance between `a` and `b`, or `max + 1` when it is larger than `max`. */
export const boundedEditDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length >= 63 || b.length >= 63) return a === b ? 0 : max + 1;
  let [twoBack, previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let cost = previous[j - 1] + (ai === bj ? 0 : 1);
      if (previous[j] + 1 < cost) cost = previous[j] + 1;
      if (current[j - 1] + 1 < cost) cost = current[j - 1] + 1;
      if (
        i > 1 &&
        j > 1 &&
        ai === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === bj &&
        twoBack[j - 2] + 1 < cost
      ) {
        cost = twoBack[j - 2] + 1;
      }
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    if (rowMin > max) return max + 1;
    const recycled = twoBack;
    twoBack = previous;
    previous = current;
    current = recycled;
  }
  return previous[b.length] > max ? max + 1 : previous[b.length];
};

/**
 * boundedEditDistance(codes[start, start + length) as a string, b, max) without making
 * the string: the hot path compares words of a scanned name with terms.
 */
export const boundedEditDistanceCodes = (
  codes: Uint8Array,
  start: number,
  length: number,
  b: string,
  max: number,
): number => {
  if (Math.abs(length - b.length) > max) return max + 1;
  if (length >= 63 || b.length >= 63) {
    if (length !== b.length) return max + 1;
    for (let i = 0; i < length; i += 1) if (codes[start + i] !== b.charCodeAt(i)) return max + 1;
    return 0;
  }
  let [twoBack, previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = codes[start + i - 1];
    const aPrev = i > 1 ? codes[start + i - 2] : -1;
    for (let j = 1; j <= b.length; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let cost = previous[j - 1] + (ai === bj ? 0 : 1);
      if (previous[j] + 1 < cost) cost = previous[j] + 1;
      if (current[j - 1] + 1 < cost) cost = current[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj && twoBack[j - 2] + 1 < cost) {
        cost = twoBack[j - 2] + 1;
      }
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    if (rowMin > max) return max + 1;
    const recycled = twoBack;
    twoBack = previous;
    previous = current;
    current = recycled;
  }
  return previous[b.length] > max ? max + 1 : previous[b.length];
};

/** How many typos a word of this length may carry and still count: none for short words. */
export const allowedTypos = (length: number): number => (length >= 10 ? 2 : length >= 6 ? 1 : 0);

/** Letter counts have one slot per code, 'a' to '{'. */
export const HISTOGRAM_SIZE = 27;

/** Bit set of the letters (codes 'a' to '{') in text. */
export const letterMask = (text: string): number => {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) mask |= 1 << (text.charCodeAt(i) - 97);
  return mask;
};

/** Whether `value` has more than `max` bits set (clearing the lowest `max` first: max is 0 to 2). */
export const moreBitsThan = (value: number, max: number): boolean => {
  let rest = value;
  for (let k = 0; k < max && rest !== 0; k += 1) rest &= rest - 1;
  return rest !== 0;
};

/** How often each letter occurs in text. */
export const histogramOf = (text: string): Uint8Array => {
  const histogram = new Uint8Array(HISTOGRAM_SIZE);
  for (let i = 0; i < text.length; i += 1) histogram[text.charCodeAt(i) - 97] += 1;
  return histogram;
};

/** The index key of a length and two letters ('a'..'z' and '{': codes 97 to 123). */
export const endKey = (length: number, a: number, b: number): number => (length * 27 + a - 97) * 27 + b - 97;
