/**
 * What may go on a sender list, and which keys a sender has. Pure: the commands check
 * typed input here, and the triage hook and the worker derive a sender's keys here.
 */
import { message, type Message, type MessageKey, type MessageParams } from '../i18n/translations';
import type { SenderListKey } from './sender-list-entry';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const UPN_LOCAL = /^[^\s@]{1,128}$/;

/**
 * The consumer Microsoft account tenant: every Teams (free) user of outlook.com, gmail.com
 * and the like shows up with it, so it never names one organisation.
 */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Mail domains shared by unrelated people: listing one would list everyone who uses it. */
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'msn.com',
  'passport.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'qq.com',
  '163.com',
]);
/** outlook.com, hotmail.co.uk, live.fr, yahoo.co.jp: the consumer brands in every country. */
const SHARED_BRANDS = /^(?:outlook|hotmail|live|windowslive|yahoo)\.[a-z]{2,3}(?:\.[a-z]{2})?$/;
/** Microsoft's initial-domain suffixes: `<tenant>.onmicrosoft.com` names one tenant, the suffix none. */
const INITIAL_DOMAIN_SUFFIXES = [
  'onmicrosoft.com',
  'onmicrosoft.us',
  'onmicrosoft.de',
  'partner.onmschina.cn',
];

const isDomainName = (domain: string): boolean => {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TLD.test(labels.at(-1) ?? '');
};

/**
 * Why a domain cannot name one organisation, or undefined when it can: a shared consumer
 * domain, an initial-domain suffix itself, or something under a tenant's own
 * `<tenant>.onmicrosoft.com` (only that subdomain is the tenant's).
 */
export const sharedDomainReason = (domain: string): Message | undefined => {
  if (SHARED_DOMAINS.has(domain) || SHARED_BRANDS.test(domain))
    return message('security.lists.value.mailService', { domain });
  for (const suffix of INITIAL_DOMAIN_SUFFIXES) {
    if (domain === suffix) return message('security.lists.value.everyTenant', { domain });
    if (domain.endsWith(`.${suffix}`) && domain.slice(0, -suffix.length - 1).includes('.'))
      return message('security.lists.value.notOwnSubdomain', { domain, suffix });
  }
  return undefined;
};

/** The domain of a UPN, lower-cased, or undefined when it has none. */
export const upnDomain = (upn: string): string | undefined => {
  const at = upn.lastIndexOf('@');
  return at > 0 && at < upn.length - 1
    ? upn
        .slice(at + 1)
        .trim()
        .toLowerCase()
    : undefined;
};

export interface SenderOrigin {
  upn: string | null;
  tenantId: string | null;
}

/** Every key a sender could be listed under, most specific first: UPN, tenant, domain. */
export const lookupKeys = (sender: SenderOrigin): SenderListKey[] => {
  const upn = sender.upn?.trim().toLowerCase();
  const tenant = sender.tenantId?.trim().toLowerCase();
  const domain = upn ? upnDomain(upn) : undefined;
  return [
    ...(upn ? [{ kind: 'sender' as const, value: upn }] : []),
    ...(tenant ? [{ kind: 'tenant' as const, value: tenant }] : []),
    ...(domain ? [{ kind: 'domain' as const, value: domain }] : []),
  ];
};

/**
 * The sender's organisation keys the triage may list: the tenant unless it is the
 * consumer tenant or the home tenant, and the UPN's domain unless it is shared (above)
 * or the sender is of the home tenant. A home user's compromised account lists its UPN only.
 */
export const organisationKeys = (sender: SenderOrigin, homeTenantId: string): SenderListKey[] => {
  const home = homeTenantId.trim().toLowerCase();
  const keys = lookupKeys(sender).filter((key) => key.kind !== 'sender');
  if (keys.some((key) => key.kind === 'tenant' && key.value === home)) return [];
  return keys.filter((key) =>
    key.kind === 'tenant' ? key.value !== CONSUMER_TENANT_ID : sharedDomainReason(key.value) === undefined,
  );
};

/** Where typed values are checked against: the home organisation is never listed. */
export interface HomeOrganisation {
  tenantId: string;
  /** The organisation's own domains (the helpdesk profile's internalDomains). */
  domains: readonly string[];
}

export type ParsedListValue = { ok: true; key: SenderListKey } | { ok: false; message: Message };

const refuse = (key: MessageKey, params?: MessageParams): ParsedListValue => ({
  ok: false,
  message: message(key, params),
});

/**
 * A typed value as a list key: a UPN (`it@x.com`) is a sender, a GUID a tenant, a domain
 * name (`x.com`, `@x.com`) a domain. Refuses anything else, shared domains, the consumer
 * tenant and the home organisation, each with a sentence saying why.
 */
export const parseListValue = (raw: string, home: HomeOrganisation): ParsedListValue => {
  const value = raw.trim().toLowerCase().replace(/\.$/, '');
  if (value === '') return refuse('security.lists.value.empty');
  if (GUID.test(value)) {
    if (value === home.tenantId.toLowerCase()) return refuse('security.lists.value.ownTenant', { value });
    if (value === CONSUMER_TENANT_ID) return refuse('security.lists.value.consumerTenant', { value });
    return { ok: true, key: { kind: 'tenant', value } };
  }
  const at = value.lastIndexOf('@');
  const domain = at >= 0 ? value.slice(at + 1) : value;
  if (!isDomainName(domain))
    return refuse('security.lists.value.invalid', { value: raw.trim().slice(0, 80) });
  if (at > 0) {
    if (!UPN_LOCAL.test(value.slice(0, at)))
      return refuse('security.lists.value.notUpn', { value: raw.trim().slice(0, 80) });
    return { ok: true, key: { kind: 'sender', value } };
  }
  const own = home.domains.map((d) => d.toLowerCase()).find((d) => domain === d || domain.endsWith(`.${d}`));
  if (own) return refuse('security.lists.value.ownDomain', { domain });
  const shared = sharedDomainReason(domain);
  if (shared) return refuse('security.lists.value.shared', { reason: shared });
  return { ok: true, key: { kind: 'domain', value: domain } };
};
