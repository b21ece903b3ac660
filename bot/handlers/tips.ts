import type { TurnContext } from 'botbuilder';
import { tipCardWithPicture } from '../../cards/tip';
import { nextTip } from '../../src/education/next-tip';
import { lessonsOf, type Lesson } from '../../src/education/tips';
import { translatorFor } from '../../src/i18n/translations';
import { activityUser } from '../activity-user';
import type { CardActionResult } from '../card-action';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';
import type { PictureDeps } from './welcome';

type TipDeps = PictureDeps & Pick<Deps, 'stores'>;

/** The next short lesson for this user, rotating, with its picture when one matches. */
const nextTipCard = async ({ stores, profile, config }: TipDeps, context: TurnContext) => {
  const user = activityUser(context.activity) ?? {
    tenantId: 'unknown',
    aadObjectId: context.activity.from.id,
  };
  const lessons = lessonsOf(profile);
  const position = await nextTip(stores.kv, user, lessons.length);
  const t = translatorFor(profile, context.activity.locale);
  return {
    card: tipCardWithPicture(t, profile, position, lessons[position.number - 1] as Lesson, {
      publicBaseUrl: config?.publicBaseUrl,
    }),
    summary: t.t('welcome.tip.position', { ...position }),
  };
};

/** `tips`: the next lesson, as a new message. */
export const showTip =
  (deps: TipDeps) =>
  async (context: TurnContext): Promise<void> => {
    const { card, summary } = await nextTipCard(deps, context);
    await sendCard(context, card, summary);
  };

/** "Next tip" on a tip card: the card turns into the next lesson. */
export const nextTipAction =
  (deps: TipDeps) =>
  async (context: TurnContext): Promise<CardActionResult> => ({
    card: (await nextTipCard(deps, context)).card,
  });
