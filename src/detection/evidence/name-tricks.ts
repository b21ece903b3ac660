/**
 * Disguises in a name: look-alike and styled letters, mixed scripts, invisible and
 * direction characters, leetspeak, spaced and stretched letters. Each is a signal, and a
 * strong one when it hides a role or a brand.
 */
import type { TermMatch } from '../match/term-match';
import { reasons } from '../policy/reasons';
import { noisyOr, type Reason } from '../policy/types';
import { SCRIPT_NAMES } from '../scan/fold-table';
import { type MatchableName, spanText } from '../scan/normalise-name';

/** Disguises: each is a signal, and a strong one when it hides a role or a brand. */
export const addTrickEvidence = (
  name: MatchableName,
  matches: TermMatch[],
  score: number,
  imitates: string,
  displayName: string,
  out: Reason[],
): number => {
  const disguised = score >= 0.1;
  const add = (reason: Reason, weight: number, alone: number): void => {
    const used = disguised ? weight : alone;
    reason.weight = used;
    out.push(reason);
    score = noisyOr(score, used);
  };
  // Look-alike letters alone are just another script (Мария) or a fancy font: a signal
  // only when they spell a Latin role or a brand, or mix scripts inside one word (below).
  // A term written in its own script ("Техподдержка") is no disguise.
  let latinTerm = false;
  for (const match of matches) if (match.term.verify === '') latinTerm = true;
  if (name.confusable && disguised && latinTerm) {
    const script = SCRIPT_NAMES[name.confusable.script];
    add(reasons.confusable(imitates, script, name.confusable.char, 0), 0.45, 0);
  } else if (name.styled && disguised && latinTerm) {
    add(reasons.styled(imitates, name.styled, 0), 0.35, 0);
  }
  if (name.mixed) {
    const scripts = name.mixed.scripts.map((script) => SCRIPT_NAMES[script]).join(' and ');
    const token = name.tokens.find((t) => t.raw === name.mixed?.word);
    add(
      reasons.mixed(token ? displayName.slice(token.start, token.end) : name.mixed.word, scripts, 0),
      0.3,
      0.25,
    );
  }
  if (name.invisible > 0) add(reasons.invisible(name.invisible, 0), 0.35, 0.2);
  if (name.bidi > 0) add(reasons.bidi(name.bidi, 0), 0.4, 0.3);
  let leet: TermMatch | undefined;
  for (const match of matches) {
    if (match.term.hasDigits) continue;
    for (let i = match.start; i < match.end && leet === undefined; i += 1)
      if (name.tokens[name.tokenOf[i]].leet) leet = match;
    if (leet !== undefined) break;
  }
  if (leet && disguised)
    add(reasons.leet(spanText(displayName, name, leet.start, leet.end), leet.term.label, 0), 0.35, 0);
  if (name.spaced && disguised) {
    const token = name.tokens.find((t) => t.spaced);
    add(reasons.spaced(token ? displayName.slice(token.start, token.end) : displayName, 0), 0.3, 0);
  }
  if (name.stretched && disguised) add(reasons.stretched(displayName, 0), 0.15, 0);
  return score;
};
