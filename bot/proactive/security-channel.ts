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

/**
 * Where reports go: SECURITY_CHANNEL_ID, in a team the bot is installed in. Teams tells the
 * bot its team's serviceUrl on install (conversationUpdate / installationUpdate) and on every
 * channel message; that, with the configured channel ID, makes the channel's reference.
 */
export const createSecurityChannel = (deps: {
  kv: KeyValueStore;
  channelId?: string;
  homeTenantId: string;
  log: Logger;
}) => ({
  /** Keeps the team's serviceUrl from a team-scoped activity of the home tenant. */
  async remember(activity: Partial<Activity>): Promise<void> {
    const type = activity.conversation?.conversationType;
    if (!deps.channelId || type !== 'channel' || activityTenantId(activity) !== deps.homeTenantId) return;
    const reference = TurnContext.getConversationReference(activity);
    const team = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const stored: TeamReference = {
      serviceUrl: reference.serviceUrl ?? '',
      bot: JSON.parse(JSON.stringify(reference.bot ?? {})) as TeamReference['bot'],
      teamId: team,
      at: new Date().toISOString(),
    };
    if (!stored.serviceUrl) return;
    await deps.kv.set(TEAM_REF_KEY, stored);
    deps.log.debug({ teamId: team }, 'security team reference stored');
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
