/**
 * Turns the terms and tricks found in a display name into weighted reasons. Terms are
 * combined so that one weak word ("Desk") stays harmless while a brand next to a role
 * ("Microsoft Support") or a disguised role ("Ηelpdesk" with a Greek Eta) counts fully.
 */
import type { TermMatch } from '../match/term-match';
import { reasons } from '../policy/reasons';
import { noisyOr, type Reason } from '../policy/types';
import { type MatchableName, spanText } from '../scan/normalise-name';
import { addShapeEvidence, DEPARTMENT_WORDS } from './name-shape';
import { addTrickEvidence } from './name-tricks';

export interface NameEvidence {
  score: number;
  reasons: Reason[];
  imitates?: string;
}

/** Brand next to a role; org name next to a role; a department abbreviation next to a role. */
const BRAND_WITH_ROLE = 0.85;
const ORG_WITH_ROLE = 0.9;
const DEPARTMENT_WITH_ROLE = 0.75;
/** A typo match counts a little less than the word itself. */
const TYPO_FACTOR = 0.85;

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
