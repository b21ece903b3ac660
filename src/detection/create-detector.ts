/**
 * The detector: given an external sender, does it imitate a helpdesk, IT support, a
 * security team or Microsoft? Built once per policy (the vocabulary and its automaton
 * are compiled here), then score() is a plain, synchronous, allocation-light function.
 */
import { customTermSpecs } from './custom-terms';
import { addressEvidenceInto } from './evidence/address-evidence';
import { createDomainCache, type DomainCache } from './evidence/domain-evidence';
import { nameEvidence, type NameEvidence } from './evidence/name-evidence';
import { compileOrgDomains } from './evidence/org-domains';
import { compileDomainVocabulary } from './evidence/owner-name';
import { compileVocabulary } from './match/compile-vocabulary';
import { EMBEDDABLE_LENGTH, matchTerms } from './match/match-terms';
import { mayHaveTypo } from './match/typo-matches';
import { compilePartners } from './policy/partner-helpdesks';
import { reasons } from './policy/reasons';
import { compileMembership } from './policy/tenant-membership';
import {
  DEFAULT_THRESHOLD,
  noisyOr,
  type DetectionPolicy,
  type Explanation,
  type Reason,
  type SenderIdentity,
  type Verdict,
} from './policy/types';
import { BASE_TERMS, type TermSpec } from './policy/vocabulary';
import { scanName } from './scan/name-scan';
import { joinedOf, matchableView, normaliseName } from './scan/normalise-name';

export interface Detector {
  score(sender: SenderIdentity): Verdict;
  /** score(), with the threshold and the name's and the address's scores. */
  explain(sender: SenderIdentity): Explanation;
  /** Scores at or above this warn (an external sender that is no partner helpdesk). */
  readonly threshold: number;
}

/** A name with nothing in it: shared, never mutated. */
const NO_EVIDENCE: NameEvidence = Object.freeze({
  score: 0,
  reasons: Object.freeze([]) as unknown as Reason[],
});

/**
 * The fast path's test skips whole words that weigh nothing ("Finance Team"): alone they
 * make no evidence, and a typo next to them is mayHaveTypo's to see.
 */
const WEIGHS_SOMETHING = Number.MIN_VALUE;

/** Sorts reasons[from...] by weight, heaviest first, stably (a handful: insertion sort). */
const sortByWeight = (reasons: Reason[], from: number): void => {
  for (let i = from + 1; i < reasons.length; i += 1) {
    const reason = reasons[i];
    const weight = reason.weight ?? 0;
    let j = i - 1;
    while (j >= from && (reasons[j].weight ?? 0) < weight) {
      reasons[j + 1] = reasons[j];
      j -= 1;
    }
    reasons[j + 1] = reason;
  }
};

const round = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;

/** Builds a detector for one organisation's policy. */
export const createDetector = (policy: DetectionPolicy): Detector => {
  const extra: TermSpec[] = [];
  if (policy.orgName?.trim()) extra.push({ text: policy.orgName.trim(), kind: 'org', weight: 0.3 });
  for (const name of policy.helpdeskNames ?? []) {
    if (name.trim()) extra.push({ text: name.trim(), kind: 'helpdesk', weight: 0.9 });
  }
  const vocabulary = compileVocabulary([...BASE_TERMS, ...extra, ...customTermSpecs(policy.terms)], joinedOf);
  const owners = compileDomainVocabulary(policy.terms);
  const org = compileOrgDomains(policy);
  const threshold = policy.threshold ?? DEFAULT_THRESHOLD;
  const domains: DomainCache = createDomainCache();
  /** The address's reasons for the verdict being built: emptied per sender, never handed out. */
  const addressed: Reason[] = [];
  const membership = compileMembership(policy.homeTenantId, policy.trustedTenantIds);
  const partnerOf = compilePartners(policy.partnerHelpdesks);

  const scoreName = (displayName: string): NameEvidence => {
    const scan = scanName(displayName);
    // Fast path, most names: no term, no near-spelling of one, no trick: nothing to explain.
    if (
      scan.bidi === 0 &&
      scan.invisible === 0 &&
      scan.mixedToken < 0 &&
      !vocabulary.automaton.anyWordHit(
        scan.joined,
        scan.joinedLength,
        scan.startAt,
        scan.endAt,
        EMBEDDABLE_LENGTH,
        WEIGHS_SOMETHING,
      ) &&
      !mayHaveTypo(scan, vocabulary)
    )
      return NO_EVIDENCE;
    const name = matchableView(scan);
    const evidence = nameEvidence(displayName, name, matchTerms(name, vocabulary));
    if (name.bidi === 0) return evidence;
    // A right-to-left override shows "ksedpleH" as "Helpdesk": read it the way it shows.
    const shown = Array.from(displayName).reverse().join('');
    const reversed = normaliseName(shown);
    const asShown = nameEvidence(shown, reversed, matchTerms(reversed, vocabulary));
    return asShown.score > evidence.score ? asShown : evidence;
  };

  const score = (sender: SenderIdentity): Verdict => {
    const displayName = typeof sender.displayName === 'string' ? sender.displayName : '';
    const fromName = scoreName(displayName);
    addressed.length = 0;
    const fromAddress = addressEvidenceInto(sender.upn, vocabulary, owners, org, domains, addressed);
    const score = round(noisyOr(fromName.score, fromAddress));
    const member = membership(sender.tenantId);
    const external = member === 'external';
    const partner = external && partnerOf !== undefined ? partnerOf(sender.tenantId, sender.upn) : undefined;
    const verdict = external && partner === undefined && score >= threshold ? 'warn' : 'none';
    const out: Reason[] = [];
    if (member === 'internal') out.push(reasons.internal());
    if (member === 'trusted') out.push(reasons.trusted());
    if (partner !== undefined) out.push(reasons.partner(partner));
    const named = fromName.reasons;
    if (named.length + addressed.length === 1) out.push(named.length === 1 ? named[0] : addressed[0]);
    else if (named.length + addressed.length > 1) {
      // Stable: equal weights keep name reasons before address reasons, in order.
      const first = out.length;
      for (let i = 0; i < named.length; i += 1) out.push(named[i]);
      for (let i = 0; i < addressed.length; i += 1) out.push(addressed[i]);
      sortByWeight(out, first);
    }
    if (verdict === 'warn') out.push(reasons.external());
    if (out.length === 0) out.push(reasons.nothing());
    const result: Verdict = { verdict, score, external, reasons: out };
    if (fromName.imitates) result.imitates = fromName.imitates;
    if (partner !== undefined) result.partner = partner;
    return result;
  };

  return {
    score,
    explain(sender) {
      const verdict = score(sender);
      // Worked out again rather than kept by score(), which stays as lean as it can (both are pure).
      const name = scoreName(typeof sender.displayName === 'string' ? sender.displayName : '').score;
      const address = addressEvidenceInto(sender.upn, vocabulary, owners, org, domains, []);
      return { ...verdict, threshold, parts: { name: round(name), address: round(address) } };
    },
    threshold,
  };
};
