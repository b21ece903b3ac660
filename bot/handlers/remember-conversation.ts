import { TurnContext } from 'botbuilder';
import type { StoredConversationReference } from '../../src/store/ports';
import { activityUser, isPersonal } from '../activity-user';
import type { Deps } from '../deps';

/**
 * Keeps the user's 1:1 ConversationReference fresh (on install, conversationUpdate and
 * every message) so warnings can reach them proactively later.
 */
export const rememberConversation =
  ({ stores, log }: Pick<Deps, 'stores' | 'log'>) =>
  async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    const user = activityUser(activity);
    const removal = activity.type === 'installationUpdate' && activity.action?.startsWith('remove');
    if (user && isPersonal(activity) && !removal) {
      // Plain JSON: the store (and src/) knows nothing of botbuilder's classes.
      const reference = JSON.parse(
        JSON.stringify(TurnContext.getConversationReference(activity)),
      ) as StoredConversationReference;
      await stores.conversations.set(user, reference);
      log.debug({ activityId: activity.id, aadObjectId: user.aadObjectId }, 'conversation reference stored');
    }
    return true;
  };
