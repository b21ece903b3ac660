/**
 * Signals from who the sender is rather than what they are called: which tenant, and
 * what their address says (fresh *.onmicrosoft.com tenants, tenant names like
 * "microsoftsupport", look-alikes of the organisation's own domains).
 */
import { allowedTypos, boundedEditDistanceCodes } from './edit-distance';
import { EMBEDDABLE_LENGTH, matchTerms, type Vocabulary } from './match-terms';
import { joinedOf, matchableView, scanName } from './normalise-name';
import { reasons } from './reasons';
import { noisyOr, type DetectionPolicy, type Reason } from './types';

export type Membership = 'internal' | 'trusted' | 'external';

/** Internal (home tenant), trusted (a partner tenant) or external. No tenant is external. */
export const membershipOf = (
  tenantId: string | null | undefined,
  homeTenantId: string,
  trusted: ReadonlySet<string>,
): Membership => {
  const tenant = tenantId?.trim().toLowerCase();
  if (!tenant) return 'external';
  if (tenant === homeTenantId.trim().toLowerCase()) return 'internal';
  return trusted.has(tenant) ? 'trusted' : 'external';
};

export interface OrgDomains {
  domains: readonly string[];
  /** '.' + each domain: subdomains of it. */
  dotted: readonly string[];
  /** Skeletons of each domain's main label ("contoso" for contoso.com). */
  labels: readonly string[];
}

const ONMICROSOFT = '.onmicrosoft.com';
const UPN_WEIGHT = 0.5;
const TENANT_NAME_WEIGHT = 0.6;
const ONMICROSOFT_WEIGHT = 0.2;
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

/** The strongest term in `text` (exact matches only), if any. */
const strongest = (text: string, vocabulary: Vocabulary): { label: string; weight: number } | undefined => {
  const scan = scanName(text);
  // Most addresses hold no term at all: skip building the name and its matches.
  if (
    !vocabulary.automaton.anyWordHit(
      scan.joined,
      scan.joinedLength,
      scan.startAt,
      scan.endAt,
      EMBEDDABLE_LENGTH,
    )
  )
    return undefined;
  let best: { label: string; weight: number } | undefined;
  for (const match of matchTerms(matchableView(scan), vocabulary, { typos: false })) {
    if (match.term.weight > (best?.weight ?? 0))
      best = { label: match.term.label, weight: match.term.weight };
  }
  return best;
};

/** What an address domain says, whoever uses it: the weights in the order they combine. */
export interface DomainEvidence {
  weights: number[];
  reasons: Reason[];
}

/**
 * Domain evidence by domain, per detector. Many senders share a tenant's domain; bounded
 * (emptied when full), so a flood of fresh domains costs memory only up to the bound.
 */
export type DomainCache = Map<string, DomainEvidence>;
const DOMAIN_CACHE_SIZE = 4096;

const domainEvidence = (domain: string, vocabulary: Vocabulary, org: OrgDomains): DomainEvidence => {
  const weights: number[] = [];
  const out: Reason[] = [];
  if (domain.endsWith(ONMICROSOFT)) {
    out.push(reasons.onmicrosoft(domain, ONMICROSOFT_WEIGHT));
    weights.push(ONMICROSOFT_WEIGHT);
    const tenant = strongest(ownerLabel(domain), vocabulary);
    if (tenant && tenant.weight >= 0.3) {
      out.push(reasons.tenantName(domain, tenant.label, tenant.weight * TENANT_NAME_WEIGHT));
      weights.push(tenant.weight * TENANT_NAME_WEIGHT);
    }
  }
  if (domain !== '' && org.domains.length > 0) weights.push(orgDomainEvidence(domain, org, out));
  return { weights, reasons: out };
};

/** Evidence from the sender's UPN: local part, tenant name and domain. */
export const addressEvidence = (
  upn: string | null | undefined,
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache?: DomainCache,
): { score: number; reasons: Reason[] } => {
  const out: Reason[] = [];
  let score = 0;
  const address = upn?.trim().toLowerCase() ?? '';
  const at = address.lastIndexOf('@');
  if (address === '') return { score, reasons: out };
  const local = at < 0 ? address : address.slice(0, at);
  const host = at < 0 ? '' : address.slice(at + 1);
  const domain = host.endsWith('.') ? host.slice(0, -1) : host;
  const role = strongest(local, vocabulary);
  if (role && role.weight >= 0.3) {
    out.push(reasons.upnRole(upn ?? '', role.label, role.weight * UPN_WEIGHT));
    score = noisyOr(score, role.weight * UPN_WEIGHT);
  }
  let fromDomain = cache?.get(domain);
  if (fromDomain === undefined) {
    fromDomain = domainEvidence(domain, vocabulary, org);
    if (cache) {
      if (cache.size >= DOMAIN_CACHE_SIZE) cache.clear();
      cache.set(domain, fromDomain);
    }
  }
  // Copies: a verdict's reasons are its own, whatever its caller does with them.
  for (const reason of fromDomain.reasons) out.push({ ...reason });
  for (const weight of fromDomain.weights) score = noisyOr(score, weight);
  return { score, reasons: out };
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

const orgDomainEvidence = (domain: string, org: OrgDomains, out: Reason[]): number => {
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
