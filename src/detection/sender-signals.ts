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
import type { TermKind } from './vocabulary';

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
const DOMAIN_NAME_WEIGHT = 0.6;

/** Microsoft's own domains (and their subdomains): named after its brands by right. */
const MICROSOFT_DOMAINS = [
  'microsoft.com',
  'microsoftonline.com',
  'office.com',
  'office365.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'windows.com',
  'windows.net',
  'azure.com',
  'sharepoint.com',
  'onedrive.com',
];

const isMicrosoftDomain = (domain: string): boolean =>
  MICROSOFT_DOMAINS.some((own) => domain === own || domain.endsWith(`.${own}`));

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

interface Strongest {
  label: string;
  weight: number;
}

/**
 * Terms this long may sit inside a domain label: tenant names run words together
 * ("contososupport", whose "support" has six letters once "pp" is one).
 */
const DOMAIN_EMBEDDABLE_LENGTH = 6;

/** The strongest term in `text` (exact matches only), if any. */
const strongest = (
  text: string,
  vocabulary: Vocabulary,
  embeddable = EMBEDDABLE_LENGTH,
  kind?: TermKind,
): Strongest | undefined => {
  const scan = scanName(text);
  // Most addresses hold no term at all: skip building the name and its matches.
  if (!vocabulary.automaton.anyWordHit(scan.joined, scan.joinedLength, scan.startAt, scan.endAt, embeddable))
    return undefined;
  let best: Strongest | undefined;
  for (const match of matchTerms(matchableView(scan), vocabulary, { typos: false, embeddable })) {
    if (kind !== undefined && match.term.kind !== kind) continue;
    if (match.term.weight > (best?.weight ?? 0))
      best = { label: match.term.label, weight: match.term.weight };
  }
  return best;
};

/** What an address domain says, whoever uses it: the weights in the order they combine. */
export interface DomainEvidence {
  weights: number[];
  reasons: Reason[];
  /** The weights combined from 0 (noisyOr, in order): the score when the local part adds nothing. */
  alone: number;
}

/**
 * Domain evidence by domain, per detector. Many senders share a tenant's domain; bounded
 * (emptied when full), so a flood of fresh domains costs memory only up to the bound.
 */
export type DomainCache = Map<string, DomainEvidence>;
const DOMAIN_CACHE_SIZE = 4096;

export const createDomainCache = (): DomainCache => new Map();

const domainEvidence = (domain: string, vocabulary: Vocabulary, org: OrgDomains): DomainEvidence => {
  const weights: number[] = [];
  const out: Reason[] = [];
  if (domain.endsWith(ONMICROSOFT)) {
    out.push(reasons.onmicrosoft(domain, ONMICROSOFT_WEIGHT));
    weights.push(ONMICROSOFT_WEIGHT);
    const tenant = strongest(ownerLabel(domain), vocabulary, DOMAIN_EMBEDDABLE_LENGTH);
    if (tenant && tenant.weight >= 0.3) {
      out.push(reasons.tenantName(domain, tenant.label, tenant.weight * TENANT_NAME_WEIGHT));
      weights.push(tenant.weight * TENANT_NAME_WEIGHT);
    }
  } else if (domain !== '' && !isMicrosoftDomain(domain)) {
    // A custom domain of the sender's tenant named after a Microsoft brand ("office365-secure.net").
    const owner = strongest(ownerLabel(domain), vocabulary, DOMAIN_EMBEDDABLE_LENGTH, 'brand');
    if (owner && owner.weight >= 0.3) {
      out.push(reasons.domainName(domain, owner.label, owner.weight * DOMAIN_NAME_WEIGHT));
      weights.push(owner.weight * DOMAIN_NAME_WEIGHT);
    }
  }
  if (domain !== '' && org.domains.length > 0) weights.push(orgDomainEvidence(domain, org, out));
  let alone = 0;
  for (const weight of weights) alone = noisyOr(alone, weight);
  return { weights, reasons: out, alone };
};

/** The domain's evidence, from the cache or worked out (and cached). */
const cachedDomainEvidence = (
  domain: string,
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache: DomainCache,
): DomainEvidence => {
  let evidence = cache.get(domain);
  if (evidence === undefined) {
    evidence = domainEvidence(domain, vocabulary, org);
    if (cache.size >= DOMAIN_CACHE_SIZE) cache.clear();
    cache.set(domain, evidence);
  }
  return evidence;
};

/** A copy of a reason: a verdict's reasons are its own, whatever its caller does with them. */
const copyReason = (reason: Reason): Reason =>
  reason.weight === undefined
    ? { code: reason.code, message: reason.message }
    : { code: reason.code, message: reason.message, weight: reason.weight };

/**
 * Evidence from the sender's UPN (local part, tenant name and domain): its reasons are
 * pushed onto `out` (fresh objects), its score is returned.
 */
export const addressEvidenceInto = (
  upn: string | null | undefined,
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache: DomainCache | undefined,
  out: Reason[],
): number => {
  let score = 0;
  const address = upn?.trim().toLowerCase() ?? '';
  if (address === '') return score;
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const hostStart = at < 0 ? address.length : at + 1;
  // A trailing dot ends the host, not the domain.
  const domainEnd =
    hostStart < address.length && address.charCodeAt(address.length - 1) === 46
      ? address.length - 1
      : address.length;
  const role = strongest(local, vocabulary);
  let roleWeight = -1;
  if (role && role.weight >= 0.3) {
    roleWeight = role.weight * UPN_WEIGHT;
    out.push(reasons.upnRole(upn ?? '', role.label, roleWeight));
    score = noisyOr(score, roleWeight);
  }
  const domain = address.slice(hostStart, domainEnd);
  const fromDomain = cache
    ? cachedDomainEvidence(domain, vocabulary, org, cache)
    : domainEvidence(domain, vocabulary, org);
  const found = fromDomain.reasons;
  for (let i = 0; i < found.length; i += 1) out.push(copyReason(found[i]));
  if (roleWeight < 0) return fromDomain.alone;
  const { weights } = fromDomain;
  for (let i = 0; i < weights.length; i += 1) score = noisyOr(score, weights[i]);
  return score;
};

/** Evidence from the sender's UPN: local part, tenant name and domain. */
export const addressEvidence = (
  upn: string | null | undefined,
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache?: DomainCache,
): { score: number; reasons: Reason[] } => {
  const out: Reason[] = [];
  const score = addressEvidenceInto(upn, vocabulary, org, cache, out);
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
