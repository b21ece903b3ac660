/**
 * The organisation's own domains, and what an address domain owes them: the same domain
 * used from another tenant, or a look-alike of one ("contoso-support.com", "c0ntoso.com").
 */
import { allowedTypos, boundedEditDistanceCodes } from '../match/edit-distance';
import { reasons } from '../policy/reasons';
import type { DetectionPolicy, Reason } from '../policy/types';
import { scanName } from '../scan/name-scan';
import { joinedOf } from '../scan/normalise-name';

export interface OrgDomains {
  domains: readonly string[];
  /** '.' + each domain: subdomains of it. */
  dotted: readonly string[];
  /** Skeletons of each domain's main label ("contoso" for contoso.com). */
  labels: readonly string[];
}

export const ONMICROSOFT = '.onmicrosoft.com';
const ORG_DOMAIN_WEIGHT = 0.6;
const LOOKALIKE_WEIGHT = 0.55;

/** The label that names the owner: "contoso" in mail.contoso.co.uk or contoso.onmicrosoft.com. */
export const ownerLabel = (domain: string): string => {
  if (domain.endsWith(ONMICROSOFT)) {
    const end = domain.length - ONMICROSOFT.length;
    return domain.slice(domain.lastIndexOf('.', end - 1) + 1, end);
  }
  // Labels are found from the right without splitting: last, second and third from last.
  const lastDot = domain.lastIndexOf('.');
  if (lastDot < 0) return domain;
  const secondDot = lastDot === 0 ? -1 : domain.lastIndexOf('.', lastDot - 1);
  if (secondDot < 0) return domain.slice(0, lastDot);
  // co.uk, com.au...: the owner label sits one further left.
  if (lastDot - secondDot - 1 <= 3) {
    const thirdDot = secondDot === 0 ? -1 : domain.lastIndexOf('.', secondDot - 1);
    return domain.slice(thirdDot + 1, secondDot);
  }
  return domain.slice(secondDot + 1, lastDot);
};

export const compileOrgDomains = (policy: DetectionPolicy): OrgDomains => {
  const domains = (policy.orgDomains ?? []).map((domain) => domain.trim().toLowerCase()).filter(Boolean);
  return {
    domains,
    dotted: domains.map((domain) => `.${domain}`),
    labels: domains.map((domain) => joinedOf(ownerLabel(domain))),
  };
};

/** Whether codes[0, length) contains `part` (a-z only). */
const codesInclude = (codes: Uint8Array, length: number, part: string): boolean => {
  const first = part.charCodeAt(0);
  for (let i = 0; i + part.length <= length; i += 1) {
    if (codes[i] !== first) continue;
    let k = 1;
    while (k < part.length && codes[i + k] === part.charCodeAt(k)) k += 1;
    if (k === part.length) return true;
  }
  return false;
};

/** Whether `domain` is one of the organisation's or looks like one: its reason and weight (0: neither). */
export const orgDomainEvidence = (domain: string, org: OrgDomains, out: Reason[]): number => {
  for (let i = 0; i < org.domains.length; i += 1) {
    if (domain === org.domains[i] || domain.endsWith(org.dotted[i])) {
      out.push(reasons.orgDomainOtherTenant(domain, ORG_DOMAIN_WEIGHT));
      return ORG_DOMAIN_WEIGHT;
    }
  }
  // The label's skeleton, read from the scan buffer: no string is made for it.
  const { joined, joinedLength } = scanName(ownerLabel(domain));
  for (let i = 0; i < org.labels.length; i += 1) {
    const own = org.labels[i];
    if (own.length < 3) continue;
    const typos = allowedTypos(own.length);
    const similar =
      (own.length >= 4 && codesInclude(joined, joinedLength, own)) ||
      boundedEditDistanceCodes(joined, 0, joinedLength, own, typos) <= typos;
    if (similar) {
      out.push(reasons.lookalikeDomain(domain, org.domains[i], LOOKALIKE_WEIGHT));
      return LOOKALIKE_WEIGHT;
    }
  }
  return 0;
};
