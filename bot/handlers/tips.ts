import type { TurnContext } from 'botbuilder';
import { tipCard } from '../../cards/tip';
import { nextTip } from '../../src/education/next-tip';
import { activityUser } from '../activity-user';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

/** `tips`: the next short lesson for this user, rotating. */
export const showTip =
  ({ stores, profile }: Pick<Deps, 'stores' | 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    const user = activityUser(context.activity) ?? {
      tenantId: 'unknown',
      aadObjectId: context.activity.from.id,
    };
    const tip = await nextTip(stores.kv, user, profile.tips);
    await sendCard(context, tipCard(tip), `Tip ${tip.number} of ${tip.total}`);
  };
