/**
 * Who a sender belongs to: the organisation's home tenant (internal), a partner tenant it
 * trusts (trusted), or anyone else (external). Only external senders are ever warned about.
 * Also the lower-casing of tenant IDs, which the address evidence shares: tenant IDs and
 * addresses mostly need none, and no copy is made then.
 */

export type Membership = 'internal' | 'trusted' | 'external';

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
export const needsLowerCase = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code >= 128) return true;
  }
  return false;
};

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
