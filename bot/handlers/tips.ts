import type { TurnContext } from 'botbuilder';
import { tipCardWithPicture } from '../../cards/tip';
import { nextTip } from '../../src/education/next-tip';
import { lessonsOf, type Lesson } from '../../src/education/tips';
import { translatorFor } from '../../src/i18n/translations';
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
    const lessons = lessonsOf(profile);
    const position = await nextTip(stores.kv, user, lessons.length);
    const t = translatorFor(profile, context.activity.locale);
    await sendCard(
      context,
      tipCardWithPicture(t, profile, position, lessons[position.number - 1] as Lesson, {
        publicBaseUrl: config?.publicBaseUrl,
      }),
      t.t('welcome.tip.position', { ...position }),
    );
  };
