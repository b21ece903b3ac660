/**
 * Signals from who the sender is rather than what they are called: which tenant, and
 * what their address says (fresh *.onmicrosoft.com tenants, tenant names like
 * "microsoftsupport", look-alikes of the organisation's own domains).
 */
import { allowedTypos, boundedEditDistance } from './edit-distance';
import { matchTerms, type Vocabulary } from './match-terms';
import { normaliseName } from './normalise-name';
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
  if (domain.endsWith(ONMICROSOFT)) return domain.slice(0, -ONMICROSOFT.length).split('.').pop() ?? '';
  const labels = domain.split('.');
  // co.uk, com.au...: the owner label sits one further left.
  const second = labels.length >= 3 && labels[labels.length - 2].length <= 3 ? 3 : 2;
  return labels[labels.length - second] ?? labels[0];
};

export const compileOrgDomains = (policy: DetectionPolicy): OrgDomains => {
  const domains = (policy.orgDomains ?? []).map((domain) => domain.trim().toLowerCase()).filter(Boolean);
  return { domains, labels: domains.map((domain) => normaliseName(ownerLabel(domain)).joined) };
};

/** Evidence from the sender's UPN: local part, tenant name and domain. */
export const addressEvidence = (
  upn: string | null | undefined,
  vocabulary: Vocabulary,
  org: OrgDomains,
): { score: number; reasons: Reason[] } => {
  const out: Reason[] = [];
  let score = 0;
  const address = upn?.trim().toLowerCase() ?? '';
  const at = address.lastIndexOf('@');
  if (address === '') return { score, reasons: out };
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1).replace(/\.$/, '');
  const strongest = (text: string): { label: string; weight: number } | undefined => {
    let best: { label: string; weight: number } | undefined;
    for (const match of matchTerms(normaliseName(text), vocabulary, { typos: false })) {
      if (match.term.weight > (best?.weight ?? 0))
        best = { label: match.term.label, weight: match.term.weight };
    }
    return best;
  };
  const role = strongest(local);
  if (role && role.weight >= 0.3) {
    out.push(reasons.upnRole(upn ?? '', role.label, role.weight * UPN_WEIGHT));
    score = noisyOr(score, role.weight * UPN_WEIGHT);
  }
  if (domain.endsWith(ONMICROSOFT)) {
    out.push(reasons.onmicrosoft(domain, ONMICROSOFT_WEIGHT));
    score = noisyOr(score, ONMICROSOFT_WEIGHT);
    const tenant = strongest(ownerLabel(domain));
    if (tenant && tenant.weight >= 0.3) {
      out.push(reasons.tenantName(domain, tenant.label, tenant.weight * TENANT_NAME_WEIGHT));
      score = noisyOr(score, tenant.weight * TENANT_NAME_WEIGHT);
    }
  }
  if (domain !== '' && org.domains.length > 0) score = noisyOr(score, orgDomainEvidence(domain, org, out));
  return { score, reasons: out };
};

const orgDomainEvidence = (domain: string, org: OrgDomains, out: Reason[]): number => {
  for (const own of org.domains) {
    if (domain === own || domain.endsWith(`.${own}`)) {
      out.push(reasons.orgDomainOtherTenant(domain, ORG_DOMAIN_WEIGHT));
      return ORG_DOMAIN_WEIGHT;
    }
  }
  const label = normaliseName(ownerLabel(domain)).joined;
  for (let i = 0; i < org.labels.length; i += 1) {
    const own = org.labels[i];
    if (own.length < 3) continue;
    const similar =
      label === own ||
      (own.length >= 4 && label.includes(own)) ||
      boundedEditDistance(label, own, allowedTypos(own.length)) <= allowedTypos(own.length);
    if (similar) {
      out.push(reasons.lookalikeDomain(domain, org.domains[i], LOOKALIKE_WEIGHT));
      return LOOKALIKE_WEIGHT;
    }
  }
  return 0;
};
