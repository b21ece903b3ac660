import type { TurnContext } from 'botbuilder';
import { welcomeCardWithPictures } from '../../cards/welcome';
import { translatorFor } from '../../src/i18n/translations';
import { activityUser, isPersonal } from '../activity-user';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

/** Teams sends installationUpdate and conversationUpdate for one install: welcome once. */
const WELCOME_DEDUPE_MS = 60_000;

/**
 * What the picture cards read: the profile, and PUBLIC_BASE_URL from the config (without a
 * config, as in local runs, pictures travel inside the card).
 */
export type PictureDeps = Pick<Deps, 'profile'> & Partial<Pick<Deps, 'config'>>;

/** Sends the welcome card with its pictures; also the answer to `help`. */
export const sendWelcome =
  ({ profile, config }: PictureDeps) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(profile, context.activity.locale);
    await sendCard(
      context,
      welcomeCardWithPictures(t, profile, { publicBaseUrl: config?.publicBaseUrl }),
      t.t('welcome.card.title', { helpdeskName: profile.helpdeskName }),
    );
  };

/** On install (installationUpdate add, or the bot added to a personal chat): welcome once. */
export const welcomeOnInstall = (deps: PictureDeps & Pick<Deps, 'stores' | 'log'>) => {
  const welcome = sendWelcome(deps);
  return async (context: TurnContext): Promise<void> => {
    const { activity } = context;
    if (!isPersonal(activity)) return;
    if (activity.type === 'conversationUpdate') {
      const botAdded = activity.membersAdded?.some((member) => member.id === activity.recipient.id);
      if (!botAdded) return;
    }
    const user = activityUser(activity);
    const key = `welcome:${user ? `${user.tenantId}:${user.aadObjectId}` : activity.conversation.id}`;
    if (!(await deps.stores.dedupe.claim(key, WELCOME_DEDUPE_MS))) return;
    deps.log.info({ activityId: activity.id, aadObjectId: user?.aadObjectId }, 'welcoming new user');
    await welcome(context);
  };
};
