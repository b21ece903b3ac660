/**
 * Turns the terms and tricks found in a display name into weighted reasons. Terms are
 * combined so that one weak word ("Desk") stays harmless while a brand next to a role
 * ("Microsoft Support") or a disguised role ("Ηelpdesk" with a Greek Eta) counts fully.
 */
import { SCRIPT_NAMES } from './fold-table';
import type { TermMatch } from './match-terms';
import type { NormalisedName } from './normalise-name';
import { reasons } from './reasons';
import { noisyOr, type Reason } from './types';

export interface NameEvidence {
  score: number;
  reasons: Reason[];
  imitates?: string;
}

/** Skeletons of department abbreviations that turn any role word next to them into a role. */
const DEPARTMENT_WORDS = new Set(['it', 'soc', 'noc']);
const PERSON_ROLE_GAPS = /[(:|/,\u2013\u2014-]|\[/;
/** Brand next to a role; org name next to a role; a department abbreviation next to a role. */
const BRAND_WITH_ROLE = 0.85;
const ORG_WITH_ROLE = 0.9;
const DEPARTMENT_WITH_ROLE = 0.75;
/** A typo match counts a little less than the word itself. */
const TYPO_FACTOR = 0.85;

/** The text of the name a match came from, as written. */
export const spanText = (displayName: string, name: NormalisedName, start: number, end: number): string => {
  const first = name.tokens[name.tokenOf[start]];
  const last = name.tokens[name.tokenOf[end - 1]];
  return displayName.slice(first.start, last.end);
};

/** Evidence from the display name alone. */
export const nameEvidence = (
  displayName: string,
  name: NormalisedName,
  matches: TermMatch[],
): NameEvidence => {
  // Most names are people: nothing matched and no tricks, nothing to explain.
  if (matches.length === 0 && !name.mixed && name.invisible === 0 && name.bidi === 0)
    return { score: 0, reasons: [] };
  const out: Reason[] = [];
  const meaningful = matches.filter((match) => match.term.weight > 0 || match.term.kind === 'filler');
  const byPosition = [...meaningful].sort((a, b) => a.start - b.start);
  const imitates =
    byPosition.length === 0
      ? undefined
      : byPosition
          .slice(0, 4)
          .map((m) => m.term.label)
          .join(' ');
  const seenAll =
    byPosition.length === 0
      ? ''
      : spanText(displayName, name, byPosition[0].start, byPosition[byPosition.length - 1].end);
  let score = 0;
  for (const kind of ['helpdesk', 'role', 'brand', 'lure', 'org'] as const) {
    const ofKind = meaningful.filter((match) => match.term.kind === kind);
    if (ofKind.length === 0) continue;
    let weight = 0;
    for (const match of ofKind)
      weight = noisyOr(weight, match.term.weight * (match.typos > 0 ? TYPO_FACTOR : 1));
    const seen = ofKind.map((match) => spanText(displayName, name, match.start, match.end)).join(', ');
    out.push(
      kind === 'helpdesk' ? reasons.helpdesk(ofKind[0].term.label, weight) : reasons[kind](seen, weight),
    );
    score = noisyOr(score, weight);
  }
  const has = (kind: string): boolean => meaningful.some((match) => match.term.kind === kind);
  const others = meaningful.filter((match) => match.term.kind !== 'brand' && match.term.kind !== 'org');
  if (
    has('brand') &&
    meaningful.some((m) => m.term.kind === 'brand' && m.term.weight >= 0.2) &&
    others.length > 0
  ) {
    score = Math.max(score, BRAND_WITH_ROLE);
  }
  if (has('org') && others.length > 0) score = Math.max(score, ORG_WITH_ROLE);
  const department = meaningful.some((match) => DEPARTMENT_WORDS.has(match.term.skeleton));
  if (department && meaningful.length > 1) score = Math.max(score, DEPARTMENT_WITH_ROLE);
  for (const match of meaningful) {
    if (match.typos > 0) {
      const seen = spanText(displayName, name, match.start, match.end);
      out.push(reasons.typo(seen, match.term.label, 0));
    }
  }
  if (score > 0) score = addShapeEvidence(displayName, name, meaningful, score, seenAll, out);
  score = addTrickEvidence(name, meaningful, score, imitates ?? displayName, displayName, out);
  return { score, reasons: out, imitates };
};

/** "Support" alone, or "Jane (Helpdesk)": the shape of the name around the terms. */
const addShapeEvidence = (
  displayName: string,
  name: NormalisedName,
  matches: TermMatch[],
  score: number,
  seen: string,
  out: Reason[],
): number => {
  let covered = 0;
  const mark: number[] = new Array<number>(name.joined.length).fill(0);
  for (const match of matches) mark.fill(1, match.start, match.end);
  for (const bit of mark) covered += bit;
  const otherTokens = new Set<number>();
  for (let i = 0; i < mark.length; i += 1) if (!mark[i]) otherTokens.add(name.tokenOf[i]);
  if (covered / name.joined.length >= 0.75) {
    out.push(reasons.genericRole(seen, 0.3));
    return noisyOr(score, 0.3);
  }
  const roleTokens = new Set<number>();
  for (const match of matches) {
    if (match.term.kind !== 'role' && match.term.kind !== 'helpdesk') continue;
    for (let i = match.start; i < match.end; i += 1) roleTokens.add(name.tokenOf[i]);
  }
  const person = [...otherTokens].some((t) => !roleTokens.has(t) && name.tokens[t].raw.length >= 2);
  const separated = [...roleTokens, ...otherTokens].some(
    (t) => t > 0 && PERSON_ROLE_GAPS.test(name.tokens[t].gap),
  );
  if (roleTokens.size > 0 && person && separated) {
    out.push(reasons.personRole(displayName, 0.3));
    return noisyOr(score, 0.3);
  }
  return score;
};

/** Disguises: each is a signal, and a strong one when it hides a role or a brand. */
const addTrickEvidence = (
  name: NormalisedName,
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
  // only when they spell a role or a brand, or mix scripts inside one word (below).
  if (name.confusable && disguised) {
    const script = SCRIPT_NAMES[name.confusable.script];
    add(reasons.confusable(imitates, script, name.confusable.char, 0), 0.45, 0);
  } else if (name.styled && disguised) {
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
  const leet = matches.find(
    (m) => !m.term.hasDigits && name.tokenOf.slice(m.start, m.end).some((t) => name.tokens[t].leet),
  );
  if (leet) add(reasons.leet(spanText(displayName, name, leet.start, leet.end), leet.term.label, 0), 0.35, 0);
  if (name.spaced && disguised) {
    const token = name.tokens.find((t) => t.spaced);
    add(reasons.spaced(token ? displayName.slice(token.start, token.end) : displayName, 0), 0.3, 0);
  }
  if (name.stretched && disguised) add(reasons.stretched(displayName, 0), 0.15, 0);
  return score;
};
