/** Lower-casing for addresses and tenant IDs, which mostly need none: no copy is made then. */

/**
 * `text` trimmed and in lower case. Addresses and tenant IDs mostly already are: one look
 * at each character says so, and the text itself is the answer, with no copy made.
 */
export const trimmedLowerCase = (text: string): string => {
  const length = text.length;
  // What trim() removes is ' ' and below, or beyond ASCII (which needsLowerCase sends there too).
  if (length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(length - 1) <= 32))
    return text.trim().toLowerCase();
  return needsLowerCase(text) ? text.trim().toLowerCase() : text;
};

/** Whether `text` has an upper-case letter or any non-ASCII character (ASCII-only, to be safe). */
export const needsLowerCase = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code >= 128) return true;
  }
  return false;
};
