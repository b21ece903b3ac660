import { normId } from './first-contact-log';
import type { SecurityTeam } from './report-deps';

/**
 * The security team from a fixed list of Entra object IDs (SECURITY_TEAM_IDS). Only users
 * of `tenantId` count: an object ID seen from another tenant is never a member.
 */
export const createStaticSecurityTeam = (options: {
  ids: Iterable<string>;
  tenantId: string;
}): SecurityTeam => {
  const ids = new Set([...options.ids].map(normId).filter((id) => id !== ''));
  const home = normId(options.tenantId);
  return {
    isMember: async (tenantId, aadObjectId) => normId(tenantId) === home && ids.has(normId(aadObjectId)),
  };
};
