/**
 * The detector: given an external sender, does it imitate a helpdesk, IT support, a
 * security team or Microsoft? Built once per policy (the vocabulary and its automaton
 * are compiled here), then score() is a plain, synchronous, allocation-light function.
 */
import { compileVocabulary, matchTerms } from './match-terms';
import { nameEvidence, type NameEvidence } from './name-evidence';
import { normaliseName } from './normalise-name';
import { reasons } from './reasons';
import { addressEvidence, compileOrgDomains, membershipOf } from './sender-signals';
import {
  DEFAULT_THRESHOLD,
  noisyOr,
  type DetectionPolicy,
  type Reason,
  type SenderIdentity,
  type Verdict,
} from './types';
import { BASE_TERMS, type TermSpec } from './vocabulary';

export interface Detector {
  score(sender: SenderIdentity): Verdict;
}

const round = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;

/** Builds a detector for one organisation's policy. */
export const createDetector = (policy: DetectionPolicy): Detector => {
  const extra: TermSpec[] = [];
  if (policy.orgName?.trim()) extra.push({ text: policy.orgName.trim(), kind: 'org', weight: 0.3 });
  for (const name of policy.helpdeskNames ?? []) {
    if (name.trim()) extra.push({ text: name.trim(), kind: 'helpdesk', weight: 0.9 });
  }
  const vocabulary = compileVocabulary([...BASE_TERMS, ...extra], (text) => normaliseName(text).joined);
  const org = compileOrgDomains(policy);
  const trusted = new Set(policy.trustedTenantIds.map((id) => id.trim().toLowerCase()).filter(Boolean));
  const threshold = policy.threshold ?? DEFAULT_THRESHOLD;

  const scoreName = (displayName: string): NameEvidence => {
    const name = normaliseName(displayName);
    const evidence = nameEvidence(displayName, name, matchTerms(name, vocabulary));
    if (name.bidi === 0) return evidence;
    // A right-to-left override shows "ksedpleH" as "Helpdesk": read it the way it shows.
    const shown = Array.from(displayName).reverse().join('');
    const reversed = normaliseName(shown);
    const asShown = nameEvidence(shown, reversed, matchTerms(reversed, vocabulary));
    return asShown.score > evidence.score ? asShown : evidence;
  };

  return {
    score(sender) {
      const displayName = typeof sender.displayName === 'string' ? sender.displayName : '';
      const fromName = scoreName(displayName);
      const fromAddress = addressEvidence(sender.upn, vocabulary, org);
      const score = round(noisyOr(fromName.score, fromAddress.score));
      const evidence = [...fromName.reasons, ...fromAddress.reasons].sort(
        (a, b) => (b.weight ?? 0) - (a.weight ?? 0),
      );
      const membership = membershipOf(sender.tenantId, policy.homeTenantId, trusted);
      const external = membership === 'external';
      const verdict = external && score >= threshold ? 'warn' : 'none';
      const out: Reason[] = [];
      if (membership === 'internal') out.push(reasons.internal());
      if (membership === 'trusted') out.push(reasons.trusted());
      out.push(...evidence);
      if (external && verdict === 'warn') out.push(reasons.external());
      if (out.length === 0) out.push(reasons.nothing());
      return {
        verdict,
        score,
        external,
        reasons: out,
        ...(fromName.imitates ? { imitates: fromName.imitates } : {}),
      };
    },
  };
};
