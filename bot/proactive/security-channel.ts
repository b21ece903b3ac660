import { TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../../src/log/logger';
import type { KeyValueStore, StoredConversationReference } from '../../src/store/ports';
import { activityTenantId } from '../activity-user';

const TEAM_REF_KEY = 'security:team-reference';

interface TeamReference {
  serviceUrl: string;
  bot: StoredConversationReference['bot'];
  teamId?: string;
  at: string;
}

/** The channelData fields Teams sets on team-scoped activities. */
interface TeamsChannelData {
  team?: { id?: unknown };
  channel?: { id?: unknown };
}

/** Activities Teams sends when the bot is added to a team or the team changes. */
const TEAM_EVENTS = new Set(['conversationUpdate', 'installationUpdate']);

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Why a channel activity of the home tenant may set the security team's reference, or
 * undefined when it may not. In Teams a channel conversation's ID is the channel ID,
 * followed by `;messageid=<id>` in a reply thread, and `channelData.channel.id` is the
 * channel ID; on a team install `channelData.team.id` is the team's General channel and
 * `channelData.channel` may be absent. Any other team the bot is installed in must not
 * redirect the reports (README: SECURITY_CHANNEL_ID).
 */
export const securityChannelMatch = (
  activity: Partial<Activity>,
  securityChannelId: string,
): 'channel' | 'team-install' | undefined => {
  const channelData = activity.channelData as TeamsChannelData | undefined;
  const channel = stringOr(channelData?.channel?.id) ?? activity.conversation?.id?.split(';')[0];
  if (channel === securityChannelId) return 'channel';
  const isTeamEvent = activity.type !== undefined && TEAM_EVENTS.has(activity.type);
  if (isTeamEvent && stringOr(channelData?.team?.id) === securityChannelId) return 'team-install';
  return undefined;
};

/**
 * Where reports go: SECURITY_CHANNEL_ID, in a team the bot is installed in. Teams tells the
 * bot its team's serviceUrl on install (conversationUpdate / installationUpdate) and on every
 * channel message; that, with the configured channel ID, makes the channel's reference.
 * Only an activity of that channel (or the install in a team whose General channel it is)
 * sets it.
 */
export const createSecurityChannel = (deps: {
  kv: KeyValueStore;
  channelId?: string;
  homeTenantId: string;
  log: Logger;
}) => ({
  /** Keeps the team's serviceUrl from an activity of the security channel in the home tenant. */
  async remember(activity: Partial<Activity>): Promise<void> {
    const type = activity.conversation?.conversationType;
    if (!deps.channelId || type !== 'channel' || activityTenantId(activity) !== deps.homeTenantId) return;
    const team = stringOr((activity.channelData as TeamsChannelData | undefined)?.team?.id);
    const match = securityChannelMatch(activity, deps.channelId);
    if (match === undefined) {
      deps.log.debug(
        { activityId: activity.id, activityType: activity.type, teamId: team },
        'channel activity not from SECURITY_CHANNEL_ID: security team reference unchanged',
      );
      return;
    }
    const reference = TurnContext.getConversationReference(activity);
    const stored: TeamReference = {
      serviceUrl: reference.serviceUrl ?? '',
      bot: JSON.parse(JSON.stringify(reference.bot ?? {})) as TeamReference['bot'],
      teamId: team,
      at: new Date().toISOString(),
    };
    if (!stored.serviceUrl) return;
    await deps.kv.set(TEAM_REF_KEY, stored);
    deps.log.debug({ teamId: team, match }, 'security team reference stored');
  },

  /** The channel's reference, or undefined when not configured or the bot is not in a team yet. */
  async reference(): Promise<StoredConversationReference | undefined> {
    if (!deps.channelId) return undefined;
    const team = await deps.kv.get<TeamReference>(TEAM_REF_KEY);
    if (!team) return undefined;
    return {
      serviceUrl: team.serviceUrl,
      channelId: 'msteams',
      bot: team.bot,
      conversation: {
        id: deps.channelId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: deps.homeTenantId,
      },
    };
  },
});

export type SecurityChannel = ReturnType<typeof createSecurityChannel>;
