import { sameObjectId } from './digests';

/** Who may issue and confirm verification codes. */
export interface StaffDirectory {
  isStaff(tenantId: string, aadObjectId: string): Promise<boolean>;
}

/**
 * Staff from a fixed list of Entra object IDs (HELPDESK_STAFF_IDS). With `tenantId`, only
 * that tenant's users count: an object ID seen from another tenant is never staff.
 */
export const createStaticStaffDirectory = (options: {
  ids: Iterable<string>;
  tenantId?: string;
}): StaffDirectory => {
  const ids = new Set([...options.ids].map((id) => id.trim().toLowerCase()).filter((id) => id !== ''));
  return {
    isStaff: async (tenantId, aadObjectId) =>
      (options.tenantId === undefined || sameObjectId(options.tenantId, tenantId)) &&
      ids.has(aadObjectId.trim().toLowerCase()),
  };
};

/** The slice of a Graph client this needs; the HTTP call (checkMemberGroups) lives elsewhere. */
export interface GroupMembershipClient {
  /** True when the user is a direct or transitive member of the group. */
  isMemberOfGroup(userObjectId: string, groupId: string): Promise<boolean>;
}

interface CachedAnswer {
  isStaff: boolean;
  expiresAt: number;
}

/** Default time an answer from Graph is reused: a removed staff member loses access within it. */
export const STAFF_CACHE_TTL_MS = 5 * 60_000;
const MAX_CACHED = 10_000;

/**
 * Staff are the members of one Entra group (HELPDESK_STAFF_GROUP_ID), asked of Graph and
 * cached for `ttlMs` per user. A failed Graph call is not cached and rejects, so the caller
 * refuses rather than guesses.
 */
export const createGroupStaffDirectory = (options: {
  graph: GroupMembershipClient;
  groupId: string;
  tenantId: string;
  ttlMs?: number;
  clock?: () => number;
}): StaffDirectory => {
  const ttlMs = options.ttlMs ?? STAFF_CACHE_TTL_MS;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, CachedAnswer>();
  // One Graph call per user at a time, however many turns ask at once.
  const inFlight = new Map<string, Promise<boolean>>();

  const ask = async (userId: string): Promise<boolean> => {
    const isStaff = await options.graph.isMemberOfGroup(userId, options.groupId);
    if (cache.size >= MAX_CACHED) {
      const now = clock();
      for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
      if (cache.size >= MAX_CACHED) cache.clear();
    }
    cache.set(userId, { isStaff, expiresAt: clock() + ttlMs });
    return isStaff;
  };

  return {
    isStaff: async (tenantId, aadObjectId) => {
      if (!sameObjectId(options.tenantId, tenantId)) return false;
      const userId = aadObjectId.trim().toLowerCase();
      const cached = cache.get(userId);
      if (cached && cached.expiresAt > clock()) return cached.isStaff;
      const pending = inFlight.get(userId) ?? ask(userId).finally(() => inFlight.delete(userId));
      inFlight.set(userId, pending);
      return pending;
    },
  };
};

/** Staff in any of the given directories (the static list first: it needs no network). */
export const anyStaffDirectory = (...directories: StaffDirectory[]): StaffDirectory => ({
  isStaff: async (tenantId, aadObjectId) => {
    for (const directory of directories) {
      if (await directory.isStaff(tenantId, aadObjectId)) return true;
    }
    return false;
  },
});
