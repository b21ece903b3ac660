/**
 * Letter sets and letter counts of skeletons (codes a-z and '{'): the cheap tests that
 * turn most words away before an edit distance is worked out.
 */

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
