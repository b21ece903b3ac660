/**
 * Partner helpdesks (an MSP's tenant the organisation expects to contact people): a
 * sender of one is no stranger imitating IT, and the card says whose it is rather than
 * saying nothing, as it does for a trusted tenant.
 */
import { trimmedLowerCase } from './tenant-membership';
import type { PartnerHelpdesk } from './types';

/** The partner a sender belongs to (its name), or undefined. */
export type PartnerOf = (
  tenantId: string | null | undefined,
  upn: string | null | undefined,
) => string | undefined;

/** The domain of an address (after its last '@'), trimmed and in lower case, without a trailing dot. */
const domainOf = (upn: string): string => {
  const address = trimmedLowerCase(upn);
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return domain.endsWith('.') ? domain.slice(0, -1) : domain;
};

/**
 * Compiles the partner list: tenant IDs first (a sender's tenant is what Teams says it is);
 * an entry without tenant IDs by the address's domain or a subdomain of it. Undefined when
 * there are none, so that the detector skips the question.
 */
export const compilePartners = (partners: readonly PartnerHelpdesk[] | undefined): PartnerOf | undefined => {
  const byTenant = new Map<string, string>();
  const byDomain: Array<{ domain: string; dotted: string; name: string }> = [];
  for (const partner of partners ?? []) {
    const name = partner.name.trim();
    const tenants = (partner.tenantIds ?? []).map((id) => trimmedLowerCase(id)).filter(Boolean);
    for (const tenant of tenants) if (!byTenant.has(tenant)) byTenant.set(tenant, name);
    if (tenants.length > 0) continue;
    for (const raw of partner.domains ?? []) {
      const domain = trimmedLowerCase(raw);
      if (domain) byDomain.push({ domain, dotted: `.${domain}`, name });
    }
  }
  if (byTenant.size === 0 && byDomain.length === 0) return undefined;
  return (tenantId, upn) => {
    if (byTenant.size > 0 && typeof tenantId === 'string') {
      const name = byTenant.get(trimmedLowerCase(tenantId));
      if (name !== undefined) return name;
    }
    if (byDomain.length === 0 || typeof upn !== 'string' || upn === '') return undefined;
    const domain = domainOf(upn);
    for (const entry of byDomain)
      if (domain === entry.domain || domain.endsWith(entry.dotted)) return entry.name;
    return undefined;
  };
};
