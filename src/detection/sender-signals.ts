/**
 * Signals from who the sender is rather than what they are called: which tenant, and
 * what their address says (fresh *.onmicrosoft.com tenants, tenant names like
 * "microsoftsupport", look-alikes of the organisation's own domains).
 */
import { allowedTypos, boundedEditDistanceCodes } from './edit-distance';
import { EMBEDDABLE_LENGTH, matchTerms, plainTerms, type TermMatch, type Vocabulary } from './match-terms';
import { joinedOf, matchableView, scanName } from './normalise-name';
import { NO_HIT, NOT_PLAIN_TEXT, plainMayHit, type PlainScan, scanPlain } from './plain-scan';
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
  const tenant = typeof tenantId === 'string' ? trimmedLowerCase(tenantId) : '';
  return membershipIn(tenant, trimmedLowerCase(homeTenantId), trusted);
};

/** membershipOf() for a tenant ID and a home tenant ID already trimmed and in lower case. */
export const membershipIn = (tenant: string, home: string, trusted: ReadonlySet<string>): Membership => {
  if (!tenant) return 'external';
  if (tenant === home) return 'internal';
  return trusted.has(tenant) ? 'trusted' : 'external';
};

/**
 * membershipOf() for one policy, compiled: the home tenant and the trusted ones normalised
 * once. Most senders are in neither, and a tenant ID that needs no trimming and whose
 * length no known ID has is external at once, with no lower-case copy made. (Lower case
 * keeps the length of every character but 'İ', whose "i̇" is no ASCII: the shortcut is
 * only taken when every known ID is ASCII.)
 */
export const compileMembership = (
  homeTenantId: string,
  trustedTenantIds: readonly string[],
): ((tenantId: string | null | undefined) => Membership) => {
  const home = trimmedLowerCase(homeTenantId);
  const trusted = new Set(trustedTenantIds.map((id) => trimmedLowerCase(id)).filter(Boolean));
  const known = [home, ...trusted].filter(Boolean);
  const longest = Math.max(0, ...known.map((id) => id.length));
  const knownLength = new Uint8Array(longest + 1);
  for (const id of known) knownLength[id.length] = 1;
  const shortcut = known.every((id) => [...id].every((ch) => ch.charCodeAt(0) < 128));
  return (tenantId) => {
    if (typeof tenantId !== 'string' || tenantId.length === 0) return 'external';
    const length = tenantId.length;
    if (shortcut && (length > longest || knownLength[length] === 0)) {
      const first = tenantId.charCodeAt(0);
      const last = tenantId.charCodeAt(length - 1);
      // Ends that trim() leaves alone: printable ASCII.
      if (first > 32 && first < 127 && last > 32 && last < 127) return 'external';
    }
    return membershipIn(trimmedLowerCase(tenantId), home, trusted);
  };
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

/** The weakest term that counts in an address: a filler or a lone 'Desk' says nothing there. */
const ADDRESS_TERM_WEIGHT = 0.3;

/**
 * The strongest term in text[start, end) (exact matches only) weighing
 * ADDRESS_TERM_WEIGHT or more, if any.
 */
const strongest = (
  text: string,
  start: number,
  end: number,
  vocabulary: Vocabulary,
  embeddable = EMBEDDABLE_LENGTH,
  kind?: TermKind,
): Strongest | undefined => {
  // A plain local part ("jane.doe42") is scanned the quick way.
  const plain = scanPlain(text, start, end);
  return plain === undefined
    ? strongestInName(text.slice(start, end), vocabulary, embeddable, kind)
    : strongestInPlain(plain, vocabulary, embeddable, kind);
};

/** strongest() for text the plain scan does not read (upper case, non-ASCII, '@$!|'). */
const strongestInName = (
  text: string,
  vocabulary: Vocabulary,
  embeddable: number,
  kind?: TermKind,
): Strongest | undefined => {
  const scan = scanName(text);
  if (!hasAddressTerm(scan, vocabulary, embeddable)) return undefined;
  return strongestOf(matchTerms(matchableView(scan), vocabulary, { typos: false, embeddable }), kind);
};

/** strongest() for text a plain scan read. */
const strongestInPlain = (
  plain: PlainScan,
  vocabulary: Vocabulary,
  embeddable: number,
  kind?: TermKind,
): Strongest | undefined =>
  hasAddressTerm(plain, vocabulary, embeddable)
    ? strongestOf(plainTerms(plain, vocabulary, embeddable), kind)
    : undefined;

/**
 * Whether a term that counts in an address may be in the scan: most addresses hold none,
 * and skip building the name and its matches.
 */
const hasAddressTerm = (scan: PlainScan, vocabulary: Vocabulary, embeddable: number): boolean =>
  vocabulary.automaton.anyWordHit(
    scan.joined,
    scan.joinedLength,
    scan.startAt,
    scan.endAt,
    embeddable,
    ADDRESS_TERM_WEIGHT,
  );

/** The heaviest of `matches` (of `kind`, if given) weighing ADDRESS_TERM_WEIGHT or more. */
const strongestOf = (matches: readonly TermMatch[], kind: TermKind | undefined): Strongest | undefined => {
  let best: Strongest | undefined;
  for (const match of matches) {
    if (kind !== undefined && match.term.kind !== kind) continue;
    if (match.term.weight >= ADDRESS_TERM_WEIGHT && match.term.weight > (best?.weight ?? 0))
      best = { label: match.term.label, weight: match.term.weight };
  }
  return best;
};

/** The label that names the owner of `domain`, and its strongest term. */
const strongestInOwner = (domain: string, vocabulary: Vocabulary, kind?: TermKind): Strongest | undefined => {
  const owner = ownerLabel(domain);
  return strongest(owner, 0, owner.length, vocabulary, DOMAIN_EMBEDDABLE_LENGTH, kind);
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
 * A Map keyed by the domain: V8 hashes and compares the key natively, several times
 * faster than a loop over the address's characters in JavaScript.
 */
export interface DomainCache {
  entries: Map<string, DomainEvidence>;
}
const DOMAIN_CACHE_SIZE = 4096;

export const createDomainCache = (): DomainCache => ({ entries: new Map() });

const domainEvidence = (domain: string, vocabulary: Vocabulary, org: OrgDomains): DomainEvidence => {
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
const cachedDomainEvidence = (
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

/** A copy of a reason: a verdict's reasons are its own, whatever its caller does with them. */
const copyReason = (reason: Reason): Reason =>
  reason.weight === undefined
    ? { code: reason.code, message: reason.message }
    : { code: reason.code, message: reason.message, weight: reason.weight };

/**
 * `text` trimmed and in lower case. Addresses and tenant IDs mostly already are: one look
 * at each character says so, and the text itself is the answer, with no copy made.
 */
export const trimmedLowerCase = (text: string): string => {
  const length = text.length;
  // What trim() removes is ' ' and below, or beyond ASCII (which needsLowerCase sends there too).
  if (length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(length - 1) <= 32))
    return text.trim().toLowerCase();
  return needsLowerCase(text) ? text.trim().toLowerCase() : text;
};

/** Whether `text` has an upper-case letter or any non-ASCII character (ASCII-only, to be safe). */
const needsLowerCase = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code >= 128) return true;
  }
  return false;
};

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
  if (upn === null || upn === undefined || upn === '') return 0;
  // Most addresses are trimmed and in lower case already, and are read as they are: the
  // ends say there is nothing to trim, the local part's quick scan and the domain's cache
  // lookup say there is no upper case (or give up, and the address is made lower case).
  const first = upn.charCodeAt(0);
  const last = upn.charCodeAt(upn.length - 1);
  if (cache !== undefined && first > 32 && first < 127 && last > 32 && last < 127) {
    const score = addressEvidenceOf(upn, upn, 'unchecked', vocabulary, org, cache, out);
    if (score >= 0) return score;
  }
  const address = trimmedLowerCase(upn);
  return address === '' ? 0 : addressEvidenceOf(upn, address, 'checked', vocabulary, org, cache, out);
};

/**
 * The last '@' of an address, by indexOf: V8 answers lastIndexOf in its runtime, several
 * times slower, and an address mostly has one '@'.
 */
const lastAt = (address: string): number => {
  const first = address.indexOf('@');
  if (first < 0 || address.indexOf('@', first + 1) < 0) return first;
  return address.lastIndexOf('@');
};

/**
 * addressEvidenceInto() for `address`: `upn` trimmed and in lower case ('checked'), or
 * `upn` as it is ('unchecked', with a cache): then -1, with nothing pushed, when it turns
 * out not to be.
 */
const addressEvidenceOf = (
  upn: string,
  address: string,
  lowerCase: 'checked' | 'unchecked',
  vocabulary: Vocabulary,
  org: OrgDomains,
  cache: DomainCache | undefined,
  out: Reason[],
): number => {
  const unchecked = lowerCase === 'unchecked';
  const at = lastAt(address);
  const localEnd = at < 0 ? address.length : at;
  const hostStart = at < 0 ? address.length : at + 1;
  // A trailing dot ends the host, not the domain.
  const domainEnd =
    hostStart < address.length && address.charCodeAt(address.length - 1) === 46
      ? address.length - 1
      : address.length;
  // Unchecked, only a local part the quick scan reads (lower-case ASCII) is taken as it is.
  // Most local parts hold no term, and one pass says so; the others are scanned. The role
  // is found before the domain, whose lookup may scan (the scans share buffers).
  const hit = plainMayHit(
    address,
    0,
    localEnd,
    vocabulary.automaton.tables,
    EMBEDDABLE_LENGTH,
    ADDRESS_TERM_WEIGHT,
  );
  if (hit === NOT_PLAIN_TEXT && unchecked) return -1;
  const role = hit === NO_HIT ? undefined : strongest(address, 0, localEnd, vocabulary);
  let fromDomain: DomainEvidence | undefined;
  if (cache === undefined) fromDomain = domainEvidence(address.slice(hostStart, domainEnd), vocabulary, org);
  else {
    fromDomain = cachedDomainEvidence(address, hostStart, domainEnd, vocabulary, org, cache, lowerCase);
    if (fromDomain === undefined) return -1;
  }
  let score = 0;
  let roleWeight = -1;
  if (role) {
    roleWeight = role.weight * UPN_WEIGHT;
    out.push(reasons.upnRole(upn, role.label, roleWeight));
    score = noisyOr(score, roleWeight);
  }
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
