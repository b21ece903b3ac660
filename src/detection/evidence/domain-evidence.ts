/**
 * What an address domain says, whoever uses it: a fresh *.onmicrosoft.com tenant, a tenant
 * or domain named after a Microsoft service or a support role ("msftprotection",
 * owner-name.ts), the organisation's own domain or a look-alike of it. Worked out once per
 * domain and cached per detector.
 *
 * There is no feed of domain ages: a tenant's or domain's name counts whatever its age.
 * A *.onmicrosoft.com tenant is what a fresh tenant has (a business that bought its own
 * domain rarely talks from it), so its name weighs more than a custom domain's, which is
 * mostly an ordinary business named for what it does.
 */
import { reasons } from '../policy/reasons';
import { needsLowerCase } from '../policy/tenant-membership';
import { noisyOr, type Reason } from '../policy/types';
import { ONMICROSOFT, orgDomainEvidence, ownerLabel, type OrgDomains } from './org-domains';
import { ownerNameEvidence, type DomainVocabulary } from './owner-name';

const ONMICROSOFT_WEIGHT = 0.2;

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

export const domainEvidence = (domain: string, words: DomainVocabulary, org: OrgDomains): DomainEvidence => {
  const weights: number[] = [];
  const out: Reason[] = [];
  if (domain.endsWith(ONMICROSOFT)) {
    out.push(reasons.onmicrosoft(domain, ONMICROSOFT_WEIGHT));
    weights.push(ONMICROSOFT_WEIGHT);
    const tenant = ownerNameEvidence(ownerLabel(domain), words, 'tenant');
    if (tenant) {
      out.push(reasons.tenantName(domain, tenant.looksLike, tenant.weight));
      weights.push(tenant.weight);
    }
  } else if (domain !== '' && !isMicrosoftDomain(domain)) {
    // A custom domain named after a Microsoft service or a support role ("office365-secure.net").
    const owner = ownerNameEvidence(ownerLabel(domain), words, 'domain');
    if (owner) {
      out.push(reasons.domainName(domain, owner.looksLike, owner.weight));
      weights.push(owner.weight);
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
  words: DomainVocabulary,
  org: OrgDomains,
  cache: DomainCache,
  lowerCase: 'checked' | 'unchecked',
): DomainEvidence | undefined => {
  const domain = start === 0 && end === address.length ? address : address.slice(start, end);
  const { entries } = cache;
  const known = entries.get(domain);
  if (known !== undefined) return known;
  if (lowerCase === 'unchecked' && needsLowerCase(domain)) return undefined;
  const evidence = domainEvidence(domain, words, org);
  if (entries.size >= DOMAIN_CACHE_SIZE) entries.clear();
  entries.set(domain, evidence);
  return evidence;
};
