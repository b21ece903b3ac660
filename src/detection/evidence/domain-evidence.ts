/**
 * What an address domain says, whoever uses it: a fresh *.onmicrosoft.com tenant, a tenant
 * or domain named after a role or a Microsoft brand ("microsoftsupport"), the organisation's
 * own domain or a look-alike of it. Worked out once per domain and cached per detector.
 */
import type { Vocabulary } from '../match/compile-vocabulary';
import { reasons } from '../policy/reasons';
import { needsLowerCase } from '../policy/tenant-membership';
import { noisyOr, type Reason } from '../policy/types';
import { strongestInOwner } from './address-terms';
import { ONMICROSOFT, orgDomainEvidence, type OrgDomains } from './org-domains';

const TENANT_NAME_WEIGHT = 0.6;
const ONMICROSOFT_WEIGHT = 0.2;
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
 * A Map keyed by the domain: V8 hashes and compares the key natively, several times
 * faster than a loop over the address's characters in JavaScript.
 */
export interface DomainCache {
  entries: Map<string, DomainEvidence>;
}
const DOMAIN_CACHE_SIZE = 4096;

export const createDomainCache = (): DomainCache => ({ entries: new Map() });

export const domainEvidence = (domain: string, vocabulary: Vocabulary, org: OrgDomains): DomainEvidence => {
  const weights: number[] = [];
  const out: Reason[] = [];
  if (domain.endsWith(ONMICROSOFT)) {
    out.push(reasons.onmicrosoft(domain, ONMICROSOFT_WEIGHT));
    weights.push(ONMICROSOFT_WEIGHT);
    const tenant = strongestInOwner(domain, vocabulary);
    if (tenant) {
      out.push(reasons.tenantName(domain, tenant.label, tenant.weight * TENANT_NAME_WEIGHT));
      weights.push(tenant.weight * TENANT_NAME_WEIGHT);
    }
  } else if (domain !== '' && !isMicrosoftDomain(domain)) {
    // A custom domain of the sender's tenant named after a Microsoft brand ("office365-secure.net").
    const owner = strongestInOwner(domain, vocabulary, 'brand');
    if (owner) {
      out.push(reasons.domainName(domain, owner.label, owner.weight * DOMAIN_NAME_WEIGHT));
      weights.push(owner.weight * DOMAIN_NAME_WEIGHT);
    }
  }
  if (domain !== '' && org.domains.length > 0) weights.push(orgDomainEvidence(domain, org, out));
  let alone = 0;
  for (const weight of weights) alone = noisyOr(alone, weight);
  return { weights, reasons: out, alone };
};

/**
 * The evidence of address[start, end), from the cache or worked out (and cached). With
 * `lowerCase` unchecked, undefined when the domain turns out not to be in lower case (an
 * upper-case letter or any non-ASCII character: ASCII-only, to be safe). Only lower-case
 * domains are cached, so a domain found in the cache needs no check.
 */
export const cachedDomainEvidence = (
  address: string,
  start: number,
  end: number,
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache: DomainCache,
  lowerCase: 'checked' | 'unchecked',
): DomainEvidence | undefined => {
  const domain = start === 0 && end === address.length ? address : address.slice(start, end);
  const { entries } = cache;
  const known = entries.get(domain);
  if (known !== undefined) return known;
  if (lowerCase === 'unchecked' && needsLowerCase(domain)) return undefined;
  const evidence = domainEvidence(domain, vocabulary, org);
  if (entries.size >= DOMAIN_CACHE_SIZE) entries.clear();
  entries.set(domain, evidence);
  return evidence;
};
