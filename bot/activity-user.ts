import type { Activity } from 'botbuilder';
import type { UserKey } from '../src/store/ports';

/** The tenant an activity claims to come from (channelData first, as Teams sets it). */
export const activityTenantId = (activity: Partial<Activity>): string | undefined => {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation?.tenantId;
  return id?.toLowerCase();
};

/** The home-tenant user behind an activity, or undefined (bots, anonymous, other tenants). */
export const activityUser = (activity: Partial<Activity>): UserKey | undefined => {
  const tenantId = activityTenantId(activity);
  const aadObjectId = activity.from?.aadObjectId?.toLowerCase();
  return tenantId && aadObjectId ? { tenantId, aadObjectId } : undefined;
};

export const isPersonal = (activity: Partial<Activity>): boolean =>
  activity.conversation?.conversationType === 'personal';
