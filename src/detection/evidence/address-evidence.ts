/**
 * Evidence from the sender's address: a role in its local part ("helpdesk@..."), and what
 * its domain says (domain-evidence.ts). Most addresses are plain lower-case ASCII with no
 * term in the local part and a domain seen before: those are read in one pass and a lookup.
 */
import type { Vocabulary } from '../match/compile-vocabulary';
import { EMBEDDABLE_LENGTH } from '../match/match-terms';
import { NO_HIT, NOT_PLAIN_TEXT, plainMayHit } from '../match/plain-scan';
import { reasons } from '../policy/reasons';
import { trimmedLowerCase } from '../policy/tenant-membership';
import { noisyOr, type Reason } from '../policy/types';
import { ADDRESS_TERM_WEIGHT, strongest } from './address-terms';
import {
  cachedDomainEvidence,
  type DomainCache,
  type DomainEvidence,
  domainEvidence,
} from './domain-evidence';
import type { OrgDomains } from './org-domains';
import type { DomainVocabulary } from './owner-name';

const UPN_WEIGHT = 0.5;

/** A copy of a reason: a verdict's reasons are its own, whatever its caller does with them. */
const copyReason = (reason: Reason): Reason => {
  const copy: Reason = { code: reason.code, message: reason.message };
  // A Message is never changed once made: sharing it keeps the copy cheap.
  if (reason.text !== undefined) copy.text = reason.text;
  if (reason.weight !== undefined) copy.weight = reason.weight;
  return copy;
};

/**
 * Evidence from the sender's UPN (local part, tenant name and domain): its reasons are
 * pushed onto `out` (fresh objects), its score is returned.
 */
export const addressEvidenceInto = (
  upn: string | null | undefined,
  vocabulary: Vocabulary,
  words: DomainVocabulary,
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
    const score = addressEvidenceOf(upn, upn, 'unchecked', vocabulary, words, org, cache, out);
    if (score >= 0) return score;
  }
  const address = trimmedLowerCase(upn);
  return address === '' ? 0 : addressEvidenceOf(upn, address, 'checked', vocabulary, words, org, cache, out);
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
  words: DomainVocabulary,
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
  if (cache === undefined) fromDomain = domainEvidence(address.slice(hostStart, domainEnd), words, org);
  else {
    fromDomain = cachedDomainEvidence(address, hostStart, domainEnd, words, org, cache, lowerCase);
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
  words: DomainVocabulary,
  org: OrgDomains,
  cache?: DomainCache,
): { score: number; reasons: Reason[] } => {
  const out: Reason[] = [];
  const score = addressEvidenceInto(upn, vocabulary, words, org, cache, out);
  return { score, reasons: out };
};
