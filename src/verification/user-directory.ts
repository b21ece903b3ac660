/** A user of the home tenant as the directory knows them. */
export interface DirectoryUser {
  aadObjectId: string;
  upn?: string;
  displayName?: string;
}

/** Turns what a staff member typed (a UPN or an object ID) into a user. */
export interface UserDirectory {
  resolve(tenantId: string, upnOrId: string): Promise<DirectoryUser | undefined>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Loose on purpose: Graph decides whether the UPN exists; this only rules out obvious typos.
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for an Entra object ID (a GUID). */
export const isObjectId = (value: string): boolean => GUID.test(value);

/**
 * A directory that takes object IDs as they are (lower-cased) and looks UPNs up with
 * `lookupUpn` (the lead's Graph `GET /users/{upn}` call). Anything else resolves to undefined.
 */
export const createUserDirectory = (options: {
  lookupUpn: (tenantId: string, upn: string) => Promise<DirectoryUser | undefined>;
}): UserDirectory => ({
  resolve: async (tenantId, upnOrId) => {
    const value = upnOrId.trim();
    if (isObjectId(value)) return { aadObjectId: value.toLowerCase() };
    if (!UPN.test(value)) return undefined;
    const user = await options.lookupUpn(tenantId, value.toLowerCase());
    return user && { ...user, aadObjectId: user.aadObjectId.toLowerCase() };
  },
});
