/**
 * The name scan: one pass over a display name (or a UPN's local part) that folds every
 * character to the Latin letters it looks like, splits words (spaces, punctuation,
 * CamelCase) and notes every trick on the way (invisible characters, look-alike letters,
 * leetspeak, spacing), into the reusable buffers of scan-buffers.ts.
 */
import * as folds from './ascii-folds';
import { CharKind, type Fold, FoldSource, foldCodePoint } from './fold-table';
import { CODE_OTHER } from './name-token';
import * as buffers from './scan-buffers';
import type { NameScan } from './scan-buffers';

/**
 * String.prototype.charCodeAt, called on the name: names come in many string
 * representations (one- or two-byte, flat, sliced, concatenated), and `name.charCodeAt`
 * looked up per character goes megamorphic; a call through the builtin itself does not.
 */
const { charCodeAt } = String.prototype;

/**
 * Bound here once: compiled to CommonJS (tsc, as in dist/), each use of an imported name
 * reads it off the exporting module's object, and the loop below uses these per character.
 */
const { buildJoined, closeToken, growRaw, growTokens, mergeSpacedLetters, openToken, scanState } = buffers;
const { ASCII_FOLDS, ASCII_LOWER, isAsciiAlnum, LATIN_BIT, LEET } = folds;

/**
 * Scans a display name (or a UPN's local part) into the shared buffers: one pass that
 * folds every character to the Latin letters it looks like, splits words (spaces,
 * punctuation, CamelCase) and notes every trick on the way.
 */
export const scanName = (name: string): NameScan => {
  const s = scanState;
  const length = name.length;
  s.text = name;
  if (s.tokenStart.length < length + 1) growTokens(length * 2 + 16);
  if (s.raw.length < length * 2 + 16) growRaw(length * 2 + 16);
  s.invisible = 0;
  s.bidi = 0;
  s.spaced = false;
  s.stretched = false;
  s.confusable = undefined;
  s.styled = undefined;
  s.mixedToken = -1;
  const { tokenEnd, tokenRawStart, tokenLeet, tokenConfusable, tokenScripts } = s;
  let raw = s.raw;
  let count = 0;
  let open = false;
  let rawLength = 0;
  let gap = '';
  let prevUpper = false;
  let prevPrevUpper = false;
  /** The last letter's Fold.key (0: none since the last break), for CamelCase and repeats. */
  let lastLetter = 0;
  let run = 0;
  let realLetter = false;
  for (let i = 0; i < length; i += 1) {
    const code = charCodeAt.call(name, i);
    let fold: Fold;
    let width = 1;
    if (code < 128) {
      const lower = ASCII_LOWER[code];
      if (lower !== 0) {
        // An ASCII letter, most of any name: the Letter case below, specialised.
        const upper = code <= 90;
        if (open && upper && !prevUpper && lastLetter !== 0) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        } else if (open && !upper && prevUpper && prevPrevUpper && rawLength - tokenRawStart[count] > 1) {
          // The upper-case letter before this one starts the next word ("ITSupport").
          tokenEnd[count] = i - 1;
          count = closeToken(count, rawLength - 1, realLetter);
          openToken(count, i - 1, '', rawLength - 1);
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        }
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        tokenScripts[count] |= LATIN_BIT;
        realLetter = true;
        run = lower === lastLetter ? run + 1 : 1;
        if (run >= 3) s.stretched = true;
        raw[rawLength++] = lower;
        tokenEnd[count] = i + 1;
        lastLetter = lower;
        prevPrevUpper = prevUpper;
        prevUpper = upper;
        continue;
      }
      fold = ASCII_FOLDS[code];
      if (fold.kind === CharKind.Separator) {
        const leet = LEET[code];
        if (leet !== 0) {
          const next = charCodeAt.call(name, i + 1);
          // Digits count as letters inside words; '@$!|' only between letters ("Micro$oft").
          const inWord =
            code >= 48 && code <= 57
              ? open || isAsciiAlnum(next)
              : isAsciiAlnum(next) && (open || code === 64 || code === 36);
          if (inWord) {
            if (!open) {
              openToken(count, i, gap, rawLength);
              open = true;
              gap = '';
            }
            tokenLeet[count] = 1;
            raw[rawLength++] = leet;
            tokenEnd[count] = i + 1;
            lastLetter = 0;
            continue;
          }
        }
      }
    } else {
      let codePoint = code;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        codePoint = name.codePointAt(i) ?? code;
        width = codePoint > 0xffff ? 2 : 1;
      }
      fold = foldCodePoint(codePoint);
    }
    switch (fold.kind) {
      case CharKind.Letter: {
        // CamelCase: "HelpDesk" splits before D; "ITSupport" splits before S.
        if (open && fold.upper && !prevUpper && lastLetter !== 0) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        } else if (
          open &&
          !fold.upper &&
          prevUpper &&
          prevPrevUpper &&
          rawLength - tokenRawStart[count] > 1
        ) {
          // The upper-case letter before this one starts the next word ("ITSupport").
          tokenEnd[count] = i - 1;
          count = closeToken(count, rawLength - 1, realLetter);
          openToken(count, i - 1, '', rawLength - 1);
          realLetter = false;
          prevUpper = false;
          prevPrevUpper = false;
          lastLetter = 0;
        }
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        if (fold.source >= FoldSource.Styled) {
          tokenScripts[count] |= 1 << fold.script;
          tokenConfusable[count] = 1;
          if (fold.source === FoldSource.Confusable)
            s.confusable ??= { char: name.slice(i, i + width), script: fold.script };
          else if (fold.source === FoldSource.Styled) s.styled ??= name.slice(i, i + width);
        } else tokenScripts[count] |= 1 << fold.script;
        realLetter = true;
        const text = fold.text;
        run = fold.key === lastLetter ? run + 1 : 1;
        if (run >= 3) s.stretched = true;
        if (text.length === 1) raw[rawLength++] = text.charCodeAt(0);
        else {
          // Keep room for one code per character still to come (the other writes need no check).
          const needed = rawLength + text.length + (length - i) + 8;
          if (needed > raw.length) {
            growRaw(needed * 2);
            raw = s.raw;
          }
          for (let k = 0; k < text.length; k += 1) raw[rawLength++] = text.charCodeAt(k);
        }
        tokenEnd[count] = i + width;
        lastLetter = fold.key;
        prevPrevUpper = prevUpper;
        prevUpper = fold.upper;
        break;
      }
      case CharKind.Other:
        if (!open) {
          openToken(count, i, gap, rawLength);
          open = true;
          gap = '';
        }
        tokenScripts[count] |= 1 << fold.script;
        raw[rawLength++] = CODE_OTHER;
        tokenEnd[count] = i + width;
        lastLetter = 0;
        break;
      case CharKind.Invisible:
        s.invisible += 1;
        break;
      case CharKind.Bidi:
        s.bidi += 1;
        break;
      case CharKind.Mark:
        break;
      default:
        if (open) {
          count = closeToken(count, rawLength, realLetter);
          open = false;
        }
        realLetter = false;
        prevUpper = false;
        prevPrevUpper = false;
        lastLetter = 0;
        // Keep the punctuation between words: "Jane (Helpdesk)", "IT Support: Peter".
        if (code !== 32 && code !== 0xa0 && gap.length < 4) gap += name[i];
        else if (gap === '') gap = ' ';
    }
    i += width - 1;
  }
  if (open) count = closeToken(count, rawLength, realLetter);
  s.tokenCount = count;
  mergeSpacedLetters(s);
  buildJoined(s, rawLength);
  return s;
};
