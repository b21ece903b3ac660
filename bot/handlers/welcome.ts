import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { welcomeCardWithPictures } from '../../cards/welcome';
import { translatorFor, type Translator } from '../../src/i18n/translations';
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

/**
 * Sends the welcome card with its pictures; also the answer to `help`. The card depends on
 * nothing but the profile, the language and PUBLIC_BASE_URL, so it is built once per
 * language (templating and fitting the pictures cost far more than the rest of the turn)
 * and each turn sends a fresh copy, parsed from its JSON (cheaper than a structured clone).
 */
export const sendWelcome = ({ profile, config }: PictureDeps) => {
  const built = new Map<Translator, { cardJson: string; summary: string }>();
  const welcomeIn = (t: Translator) => {
    let welcome = built.get(t);
    if (!welcome) {
      welcome = {
        cardJson: JSON.stringify(
          welcomeCardWithPictures(t, profile, { publicBaseUrl: config?.publicBaseUrl }),
        ),
        summary: t.t('welcome.card.title', { helpdeskName: profile.helpdeskName }),
      };
      built.set(t, welcome);
    }
    return welcome;
  };
  return async (context: TurnContext): Promise<void> => {
    const { cardJson, summary } = welcomeIn(translatorFor(profile, context.activity.locale));
    await sendCard(context, JSON.parse(cardJson) as AdaptiveCardJson, summary);
  };
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
