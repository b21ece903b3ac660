/**
 * Turns the terms and tricks found in a display name into weighted reasons. Terms are
 * combined so that one weak word ("Desk") stays harmless while a brand next to a role
 * ("Microsoft Support") or a disguised role ("Ηelpdesk" with a Greek Eta) counts fully.
 */
import { SCRIPT_NAMES } from './fold-table';
import type { TermMatch } from './match-terms';
import type { MatchableName } from './normalise-name';
import { reasons } from './reasons';
import { noisyOr, type Reason } from './types';

export interface NameEvidence {
  score: number;
  reasons: Reason[];
  imitates?: string;
}

/** Skeletons of department abbreviations that turn any role word next to them into a role. */
const DEPARTMENT_WORDS = new Set(['it', 'ict', 'soc', 'noc']);
const PERSON_ROLE_GAPS = /[(:|/,\u2013\u2014-]|\[/;
/** Brand next to a role; org name next to a role; a department abbreviation next to a role. */
const BRAND_WITH_ROLE = 0.85;
const ORG_WITH_ROLE = 0.9;
const DEPARTMENT_WITH_ROLE = 0.75;
/** The weakest role that makes "Jane (Helpdesk)" a person + role shape ('Helpline' and up). */
const PERSON_ROLE_MIN_WEIGHT = 0.45;
/** A typo match counts a little less than the word itself. */
const TYPO_FACTOR = 0.85;

/** The text of the name a match came from, as written. */
export const spanText = (displayName: string, name: MatchableName, start: number, end: number): string => {
  const first = name.tokens[name.tokenOf[start]];
  const last = name.tokens[name.tokenOf[end - 1]];
  return displayName.slice(first.start, last.end);
};

const KINDS = ['helpdesk', 'role', 'brand', 'lure', 'org'] as const;

/** Sorted copy by start, stable (insertion sort: a name has a handful of matches). */
const byStart = (matches: TermMatch[]): TermMatch[] => {
  const sorted = matches.slice();
  for (let i = 1; i < sorted.length; i += 1) {
    const match = sorted[i];
    let j = i - 1;
    while (j >= 0 && sorted[j].start > match.start) {
      sorted[j + 1] = sorted[j];
      j -= 1;
    }
    sorted[j + 1] = match;
  }
  return sorted;
};

/** Evidence from the display name alone. */
export const nameEvidence = (
  displayName: string,
  name: MatchableName,
  matches: TermMatch[],
): NameEvidence => {
  // Most names are people: nothing matched and no tricks, nothing to explain.
  if (matches.length === 0 && !name.mixed && name.invisible === 0 && name.bidi === 0)
    return { score: 0, reasons: [] };
  const out: Reason[] = [];
  const meaningful: TermMatch[] = [];
  for (const match of matches)
    if (match.term.weight > 0 || match.term.kind === 'filler') meaningful.push(match);
  let imitates: string | undefined;
  let seenAll = '';
  // Fillers alone ("Finance Team") imitate nothing; next to a term they are part of it.
  let weighted = false;
  for (const match of meaningful) if (match.term.weight > 0) weighted = true;
  if (weighted) {
    const byPosition = byStart(meaningful);
    imitates = byPosition[0].term.label;
    for (let i = 1; i < byPosition.length && i < 4; i += 1) imitates += ` ${byPosition[i].term.label}`;
    seenAll = spanText(displayName, name, byPosition[0].start, byPosition[byPosition.length - 1].end);
  }
  let score = 0;
  for (const kind of KINDS) {
    let weight = 0;
    let seen = '';
    let first: TermMatch | undefined;
    for (const match of meaningful) {
      if (match.term.kind !== kind) continue;
      weight = noisyOr(weight, match.term.weight * (match.typos > 0 ? TYPO_FACTOR : 1));
      const text = spanText(displayName, name, match.start, match.end);
      seen = first === undefined ? text : `${seen}, ${text}`;
      first ??= match;
    }
    if (first === undefined) continue;
    out.push(kind === 'helpdesk' ? reasons.helpdesk(first.term.label, weight) : reasons[kind](seen, weight));
    score = noisyOr(score, weight);
  }
  let brand = false;
  let brandStrong = false;
  let org = false;
  let others = 0;
  let department = false;
  for (const match of meaningful) {
    const { kind } = match.term;
    if (kind === 'brand') {
      brand = true;
      if (match.term.weight >= 0.2) brandStrong = true;
    } else if (kind === 'org') org = true;
    else others += 1;
    if (DEPARTMENT_WORDS.has(match.term.skeleton)) department = true;
  }
  if (brand && brandStrong && others > 0) score = Math.max(score, BRAND_WITH_ROLE);
  if (org && others > 0) score = Math.max(score, ORG_WITH_ROLE);
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

/** Per-position and per-token flags, reused across names (grown when a name is longer). */
let marks = new Uint8Array(256);
let tokenFlags = new Uint8Array(256);
const OTHER_TOKEN = 1;
const ROLE_TOKEN = 2;

const hasPersonRoleGap = (gap: string): boolean => gap !== ' ' && gap !== '' && PERSON_ROLE_GAPS.test(gap);

/** "Support" alone, or "Jane (Helpdesk)": the shape of the name around the terms. */
const addShapeEvidence = (
  displayName: string,
  name: MatchableName,
  matches: TermMatch[],
  score: number,
  seen: string,
  out: Reason[],
): number => {
  const length = name.joined.length;
  if (marks.length < length) marks = new Uint8Array(length * 2);
  if (tokenFlags.length < name.tokens.length) tokenFlags = new Uint8Array(name.tokens.length * 2);
  marks.fill(0, 0, length);
  tokenFlags.fill(0, 0, name.tokens.length);
  for (const match of matches) marks.fill(1, match.start, match.end);
  let covered = 0;
  for (let i = 0; i < length; i += 1) {
    if (marks[i]) covered += 1;
    else tokenFlags[name.tokenOf[i]] |= OTHER_TOKEN;
  }
  if (covered / length >= 0.75) {
    out.push(reasons.genericRole(seen, 0.3));
    return noisyOr(score, 0.3);
  }
  let roles = 0;
  let strongestRole = 0;
  for (const match of matches) {
    if (match.term.kind !== 'role' && match.term.kind !== 'helpdesk') continue;
    // A department ("Peter (IT)") names a role as well as any longer word does.
    const weight = DEPARTMENT_WORDS.has(match.term.skeleton) ? 1 : match.term.weight;
    if (weight > strongestRole) strongestRole = weight;
    for (let i = match.start; i < match.end; i += 1) {
      const t = name.tokenOf[i];
      if (!(tokenFlags[t] & ROLE_TOKEN)) roles += 1;
      tokenFlags[t] |= ROLE_TOKEN;
    }
  }
  let person = false;
  let separated = false;
  for (let t = 0; t < name.tokens.length; t += 1) {
    const flags = tokenFlags[t];
    if (flags === 0) continue;
    if (flags === OTHER_TOKEN && name.tokens[t].raw.length >= 2) person = true;
    if (t > 0 && hasPersonRoleGap(name.tokens[t].gap)) separated = true;
  }
  // "Sales Support - Contoso Logistics" is how businesses name shared accounts: a weak
  // role word ('Support', 'Services') next to other words is no person + role shape.
  if (roles > 0 && strongestRole >= PERSON_ROLE_MIN_WEIGHT && person && separated) {
    out.push(reasons.personRole(displayName, 0.3));
    return noisyOr(score, 0.3);
  }
  return score;
};

/** Disguises: each is a signal, and a strong one when it hides a role or a brand. */
const addTrickEvidence = (
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
