/**
 * The shape of a name around its terms: a role and nothing else ("IT Support"), or a
 * person next to a role set apart by punctuation ("Jane (Helpdesk)", "IT Support: Peter").
 */
import type { TermMatch } from '../match/term-match';
import { reasons } from '../policy/reasons';
import { noisyOr, type Reason } from '../policy/types';
import type { MatchableName } from '../scan/normalise-name';

/** Skeletons of department abbreviations that turn any role word next to them into a role. */
export const DEPARTMENT_WORDS = new Set(['it', 'ict', 'soc', 'noc']);
const PERSON_ROLE_GAPS = /[(:|/,\u2013\u2014-]|\[/;
/** The weakest role that makes "Jane (Helpdesk)" a person + role shape ('Helpline' and up). */
const PERSON_ROLE_MIN_WEIGHT = 0.45;

/** Per-position and per-token flags, reused across names (grown when a name is longer). */
let marks = new Uint8Array(256);
let tokenFlags = new Uint8Array(256);
const OTHER_TOKEN = 1;
const ROLE_TOKEN = 2;

const hasPersonRoleGap = (gap: string): boolean => gap !== ' ' && gap !== '' && PERSON_ROLE_GAPS.test(gap);

/** "Support" alone, or "Jane (Helpdesk)": the shape of the name around the terms. */
export const addShapeEvidence = (
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
