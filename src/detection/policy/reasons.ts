/**
 * The reasons a verdict can carry: stable codes and sentences a user understands on the
 * warning card. Every message says what was seen in the name, in the name's own words.
 */
import type { Message, MessageKey } from '../../i18n/translations';
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

type Params = Record<string, string | number | Message>;

const reason = (code: ReasonCode, message: string, text: Message, weight?: number): Reason =>
  weight === undefined
    ? { code, message, text }
    : { code, message, text, weight: Math.round(weight * 1000) / 1000 };

/** What the warning card shows of outside text: at most 60 characters. */
const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

const q = (text: string): string => `'${clip(text)}'`;

// Built here rather than with i18n's message(): detection (and the CLI's workers) need no i18next.
const say = (key: MessageKey, params?: Params): Message => (params ? { key, params } : { key });

/** The catalogue's words for a script named in SCRIPT_NAMES (scan/fold-table.ts). */
const SCRIPT_KEYS: Record<string, string> = {
  symbol: 'symbol',
  Latin: 'latin',
  Greek: 'greek',
  Cyrillic: 'cyrillic',
  Armenian: 'armenian',
  Cherokee: 'cherokee',
  'non-Latin': 'nonLatin',
};

const letterOf = (script: string): Message | string => {
  const key = SCRIPT_KEYS[script];
  return key
    ? say(`warning.reasons.letter.${key}` as MessageKey)
    : `${script === 'Armenian' ? 'an' : 'a'} ${script} letter`;
};

const scriptName = (script: string): Message | string => {
  const key = SCRIPT_KEYS[script];
  return key ? say(`warning.reasons.script.${key}` as MessageKey) : script;
};

/** "Cyrillic and Latin" (how evidence/name-tricks.ts joins them), in the reader's language. */
const scriptList = (scripts: string): Message | string => {
  const [first = '', ...rest] = scripts.split(' and ');
  return rest.length === 0
    ? scriptName(first)
    : say('warning.reasons.scriptsAnd', { first: scriptName(first), rest: scriptList(rest.join(' and ')) });
};

/** The catalogue's words for what evidence/owner-name.ts says an owner is named like. */
const LOOKS_LIKE_KEYS: Record<string, string> = {
  'a Microsoft security service': 'microsoftSecurity',
  'Microsoft support': 'microsoftSupport',
  'a Microsoft service': 'microsoftService',
  'an IT security team': 'itSecurity',
  'a security team': 'security',
  'an IT admin team': 'itAdmin',
  'IT support': 'itSupport',
  'an account security service': 'accountSecurity',
};

const looksLikeText = (looksLike: string): Message | string => {
  const key = LOOKS_LIKE_KEYS[looksLike];
  return key ? say(`warning.reasons.looksLike.${key}` as MessageKey) : looksLike;
};

/**
 * Sentences for each code; `seen` is the name as written, `imitates` what it copies. Each
 * reason carries its English `message` (the CLI's) and the same sentence as a Message
 * (`text`, warning.reasons.*) for the warning card in the reader's language.
 */
export const reasons = {
  role: (seen: string, weight: number) =>
    reason(
      'helpdesk_role',
      `The name looks like an IT support, helpdesk or security team account (${q(seen)}).`,
      say('warning.reasons.helpdeskRole', { seen: clip(seen) }),
      weight,
    ),
  brand: (seen: string, weight: number) =>
    reason(
      'microsoft_brand',
      `The name uses a Microsoft brand (${q(seen)}); Microsoft does not contact you in a Teams chat.`,
      say('warning.reasons.microsoftBrand', { seen: clip(seen) }),
      weight,
    ),
  lure: (seen: string, weight: number) =>
    reason(
      'lure_phrase',
      `The name reads like a known scam pretext (${q(seen)}).`,
      say('warning.reasons.lurePhrase', { seen: clip(seen) }),
      weight,
    ),
  org: (seen: string, weight: number) =>
    reason(
      'org_name',
      `The name uses your organisation's name (${q(seen)}) but the account is outside it.`,
      say('warning.reasons.orgName', { seen: clip(seen) }),
      weight,
    ),
  helpdesk: (imitates: string, weight: number) =>
    reason(
      'helpdesk_name',
      `The name copies your real helpdesk's name (${q(imitates)}), but the account is not theirs.`,
      say('warning.reasons.helpdeskName', { imitates: clip(imitates) }),
      weight,
    ),
  genericRole: (seen: string, weight: number) =>
    reason(
      'generic_role_name',
      `The name is only a role, not a person (${q(seen)}).`,
      say('warning.reasons.genericRoleName', { seen: clip(seen) }),
      weight,
    ),
  typo: (seen: string, imitates: string, weight: number) =>
    reason(
      'typo',
      `${q(seen)} is a near-spelling of ${q(imitates)}.`,
      say('warning.reasons.typo', { seen: clip(seen), imitates: clip(imitates) }),
      weight,
    ),
  confusable: (imitates: string, script: string, char: string, weight: number) =>
    reason(
      'confusable_letters',
      `The name imitates ${q(imitates)} with ${script === 'Armenian' ? 'an' : 'a'} ${script} letter (${q(char)}) that looks Latin.`,
      say('warning.reasons.confusableLetters', {
        imitates: clip(imitates),
        letter: letterOf(script),
        char: clip(char),
      }),
      weight,
    ),
  styled: (imitates: string, char: string, weight: number) =>
    reason(
      'styled_letters',
      `The name imitates ${q(imitates)} with styled look-alike letters (${q(char)}).`,
      say('warning.reasons.styledLetters', { imitates: clip(imitates), char: clip(char) }),
      weight,
    ),
  mixed: (word: string, scripts: string, weight: number) =>
    reason(
      'mixed_script',
      `The word ${q(word)} mixes ${scripts} letters, which real names do not.`,
      say('warning.reasons.mixedScript', { word: clip(word), scripts: scriptList(scripts) }),
      weight,
    ),
  invisible: (count: number, weight: number) =>
    reason(
      'invisible_characters',
      `The name hides ${count} invisible character${count === 1 ? '' : 's'}, a trick to slip past filters.`,
      say('warning.reasons.invisibleCharacters', { count }),
      weight,
    ),
  bidi: (count: number, weight: number) =>
    reason(
      'direction_controls',
      `The name contains ${count} text-direction control${count === 1 ? '' : 's'} that can change what you see.`,
      say('warning.reasons.directionControls', { count }),
      weight,
    ),
  leet: (seen: string, imitates: string, weight: number) =>
    reason(
      'leetspeak',
      `The name writes letters as digits or symbols (${q(seen)} reads ${q(imitates)}).`,
      say('warning.reasons.leetspeak', { seen: clip(seen), imitates: clip(imitates) }),
      weight,
    ),
  spaced: (seen: string, weight: number) =>
    reason(
      'spaced_letters',
      `The name spreads its letters apart (${q(seen)}) to slip past filters.`,
      say('warning.reasons.spacedLetters', { seen: clip(seen) }),
      weight,
    ),
  stretched: (seen: string, weight: number) =>
    reason(
      'stretched_letters',
      `The name repeats letters (${q(seen)}) to slip past filters.`,
      say('warning.reasons.stretchedLetters', { seen: clip(seen) }),
      weight,
    ),
  personRole: (seen: string, weight: number) =>
    reason(
      'person_role',
      `The name pairs a person with a support role (${q(seen)}), a common pretext.`,
      say('warning.reasons.personRole', { seen: clip(seen) }),
      weight,
    ),
  onmicrosoft: (domain: string, weight: number) =>
    reason(
      'onmicrosoft_domain',
      `The account uses a ${q(domain)} address, typical of a newly created tenant.`,
      say('warning.reasons.onmicrosoftDomain', { domain: clip(domain) }),
      weight,
    ),
  /** `looksLike`: "a Microsoft security service", "IT support" (evidence/owner-name.ts). */
  tenantName: (domain: string, looksLike: string, weight: number) =>
    reason(
      'tenant_name',
      `The account comes from an organisation named like ${looksLike} (${q(domain)}).`,
      say('warning.reasons.tenantName', { looksLike: looksLikeText(looksLike), domain: clip(domain) }),
      weight,
    ),
  domainName: (domain: string, looksLike: string, weight: number) =>
    reason(
      'domain_name',
      `The account's domain (${q(domain)}) is named like ${looksLike}.`,
      say('warning.reasons.domainName', { domain: clip(domain), looksLike: looksLikeText(looksLike) }),
      weight,
    ),
  upnRole: (upn: string, imitates: string, weight: number) =>
    reason(
      'upn_role',
      `The account address (${q(upn)}) names ${q(imitates)}.`,
      say('warning.reasons.upnRole', { upn: clip(upn), imitates: clip(imitates) }),
      weight,
    ),
  orgDomainOtherTenant: (domain: string, weight: number) =>
    reason(
      'org_domain_other_tenant',
      `The address uses your organisation's domain (${q(domain)}) from another tenant.`,
      say('warning.reasons.orgDomainOtherTenant', { domain: clip(domain) }),
      weight,
    ),
  lookalikeDomain: (domain: string, orgDomain: string, weight: number) =>
    reason(
      'lookalike_domain',
      `The address domain ${q(domain)} imitates your organisation's domain ${q(orgDomain)}.`,
      say('warning.reasons.lookalikeDomain', { domain: clip(domain), orgDomain: clip(orgDomain) }),
      weight,
    ),
  external: () =>
    reason(
      'external_sender',
      'The sender is outside your organisation.',
      say('warning.reasons.externalSender'),
      0,
    ),
  internal: () =>
    reason(
      'internal_sender',
      'The sender belongs to your organisation, so no warning is shown.',
      say('warning.reasons.internalSender'),
    ),
  trusted: () =>
    reason(
      'trusted_tenant',
      'The sender is in a partner tenant your organisation trusts, so no warning is shown.',
      say('warning.reasons.trustedTenant'),
    ),
  partner: (name: string) =>
    reason(
      'partner_helpdesk',
      `The sender is from ${q(name)}, a partner helpdesk your organisation expects to contact you, so no warning is shown.`,
      say('warning.reasons.partnerHelpdesk', { name: clip(name) }),
    ),
  nothing: () =>
    reason(
      'no_helpdesk_signal',
      'Nothing in the name or address looks like IT support, a security team or Microsoft.',
      say('warning.reasons.noHelpdeskSignal'),
    ),
};
