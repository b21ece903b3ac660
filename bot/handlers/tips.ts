import type { TurnContext } from 'botbuilder';
import { tipCardWithPicture } from '../../cards/tip';
import { nextTip } from '../../src/education/next-tip';
import { activityUser } from '../activity-user';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';
import type { PictureDeps } from './welcome';

/** `tips`: the next short lesson for this user, rotating, with its picture when one matches. */
export const showTip =
  ({ stores, profile, config }: PictureDeps & Pick<Deps, 'stores'>) =>
  async (context: TurnContext): Promise<void> => {
    const user = activityUser(context.activity) ?? {
      tenantId: 'unknown',
      aadObjectId: context.activity.from.id,
    };
    const tip = await nextTip(stores.kv, user, profile.tips);
    await sendCard(
      context,
      tipCardWithPicture(profile, tip, { publicBaseUrl: config?.publicBaseUrl }),
      `Tip ${tip.number} of ${tip.total}`,
    );
  };
