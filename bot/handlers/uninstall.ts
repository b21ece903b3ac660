import type { TurnContext } from 'botbuilder';
import { activityUser } from '../activity-user';
import type { Deps } from '../deps';

/** The app was removed: forget how to reach the user, so nothing is sent into the void. */
export const forgetOnUninstall =
  ({ stores, log }: Pick<Deps, 'stores' | 'log'>) =>
  async (context: TurnContext): Promise<void> => {
    const user = activityUser(context.activity);
    if (!user) return;
    await stores.conversations.delete(user);
    log.info(
      { activityId: context.activity.id, aadObjectId: user.aadObjectId },
      'app uninstalled; reference removed',
    );
  };
