/**
 * The reasons a verdict can carry: stable codes and sentences a user understands on the
 * warning card. Every message says what was seen in the name, in the name's own words.
 */
import type { Reason } from './types';

export const REASON_CODES = [
  'helpdesk_role',
  'microsoft_brand',
  'lure_phrase',
  'org_name',
  'helpdesk_name',
  'generic_role_name',
  'typo',
  'confusable_letters',
  'styled_letters',
  'mixed_script',
  'invisible_characters',
  'direction_controls',
  'leetspeak',
  'spaced_letters',
  'stretched_letters',
  'person_role',
  'onmicrosoft_domain',
  'tenant_name',
  'domain_name',
  'upn_role',
  'org_domain_other_tenant',
  'lookalike_domain',
  'external_sender',
  'internal_sender',
  'trusted_tenant',
  'partner_helpdesk',
  'no_helpdesk_signal',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

const reason = (code: ReasonCode, message: string, weight?: number): Reason =>
  weight === undefined ? { code, message } : { code, message, weight: Math.round(weight * 1000) / 1000 };

const q = (text: string): string => `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;

/** Sentences for each code; `seen` is the name as written, `imitates` what it copies. */
export const reasons = {
  role: (seen: string, weight: number) =>
    reason(
      'helpdesk_role',
      `The name looks like an IT support, helpdesk or security team account (${q(seen)}).`,
      weight,
    ),
  brand: (seen: string, weight: number) =>
    reason(
      'microsoft_brand',
      `The name uses a Microsoft brand (${q(seen)}); Microsoft does not contact you in a Teams chat.`,
      weight,
    ),
  lure: (seen: string, weight: number) =>
    reason('lure_phrase', `The name reads like a known scam pretext (${q(seen)}).`, weight),
  org: (seen: string, weight: number) =>
    reason(
      'org_name',
      `The name uses your organisation's name (${q(seen)}) but the account is outside it.`,
      weight,
    ),
  helpdesk: (imitates: string, weight: number) =>
    reason(
      'helpdesk_name',
      `The name copies your real helpdesk's name (${q(imitates)}), but the account is not theirs.`,
      weight,
    ),
  genericRole: (seen: string, weight: number) =>
    reason('generic_role_name', `The name is only a role, not a person (${q(seen)}).`, weight),
  typo: (seen: string, imitates: string, weight: number) =>
    reason('typo', `${q(seen)} is a near-spelling of ${q(imitates)}.`, weight),
  confusable: (imitates: string, script: string, char: string, weight: number) =>
    reason(
      'confusable_letters',
      `The name imitates ${q(imitates)} with ${script === 'Armenian' ? 'an' : 'a'} ${script} letter (${q(char)}) that looks Latin.`,
      weight,
    ),
  styled: (imitates: string, char: string, weight: number) =>
    reason(
      'styled_letters',
      `The name imitates ${q(imitates)} with styled look-alike letters (${q(char)}).`,
      weight,
    ),
  mixed: (word: string, scripts: string, weight: number) =>
    reason('mixed_script', `The word ${q(word)} mixes ${scripts} letters, which real names do not.`, weight),
  invisible: (count: number, weight: number) =>
    reason(
      'invisible_characters',
      `The name hides ${count} invisible character${count === 1 ? '' : 's'}, a trick to slip past filters.`,
      weight,
    ),
  bidi: (count: number, weight: number) =>
    reason(
      'direction_controls',
      `The name contains ${count} text-direction control${count === 1 ? '' : 's'} that can change what you see.`,
      weight,
    ),
  leet: (seen: string, imitates: string, weight: number) =>
    reason(
      'leetspeak',
      `The name writes letters as digits or symbols (${q(seen)} reads ${q(imitates)}).`,
      weight,
    ),
  spaced: (seen: string, weight: number) =>
    reason('spaced_letters', `The name spreads its letters apart (${q(seen)}) to slip past filters.`, weight),
  stretched: (seen: string, weight: number) =>
    reason('stretched_letters', `The name repeats letters (${q(seen)}) to slip past filters.`, weight),
  personRole: (seen: string, weight: number) =>
    reason(
      'person_role',
      `The name pairs a person with a support role (${q(seen)}), a common pretext.`,
      weight,
    ),
  onmicrosoft: (domain: string, weight: number) =>
    reason(
      'onmicrosoft_domain',
      `The account uses a ${q(domain)} address, typical of a newly created tenant.`,
      weight,
    ),
  /** `looksLike`: "a Microsoft security service", "IT support" (evidence/owner-name.ts). */
  tenantName: (domain: string, looksLike: string, weight: number) =>
    reason(
      'tenant_name',
      `The account comes from an organisation named like ${looksLike} (${q(domain)}).`,
      weight,
    ),
  domainName: (domain: string, looksLike: string, weight: number) =>
    reason('domain_name', `The account's domain (${q(domain)}) is named like ${looksLike}.`, weight),
  upnRole: (upn: string, imitates: string, weight: number) =>
    reason('upn_role', `The account address (${q(upn)}) names ${q(imitates)}.`, weight),
  orgDomainOtherTenant: (domain: string, weight: number) =>
    reason(
      'org_domain_other_tenant',
      `The address uses your organisation's domain (${q(domain)}) from another tenant.`,
      weight,
    ),
  lookalikeDomain: (domain: string, orgDomain: string, weight: number) =>
    reason(
      'lookalike_domain',
      `The address domain ${q(domain)} imitates your organisation's domain ${q(orgDomain)}.`,
      weight,
    ),
  external: () => reason('external_sender', 'The sender is outside your organisation.', 0),
  internal: () =>
    reason('internal_sender', 'The sender belongs to your organisation, so no warning is shown.'),
  trusted: () =>
    reason(
      'trusted_tenant',
      'The sender is in a partner tenant your organisation trusts, so no warning is shown.',
    ),
  partner: (name: string) =>
    reason(
      'partner_helpdesk',
      `The sender is from ${q(name)}, a partner helpdesk your organisation expects to contact you, so no warning is shown.`,
    ),
  nothing: () =>
    reason(
      'no_helpdesk_signal',
      'Nothing in the name or address looks like IT support, a security team or Microsoft.',
    ),
};
