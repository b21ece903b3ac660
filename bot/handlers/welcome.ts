import type { TurnContext } from 'botbuilder';
import { welcomeCard, welcomeCardData } from '../../cards/welcome';
import { activityUser, isPersonal } from '../activity-user';
import type { Deps } from '../deps';
import { sendCard } from '../send-card';

/** Teams sends installationUpdate and conversationUpdate for one install: welcome once. */
const WELCOME_DEDUPE_MS = 60_000;

/** Sends the welcome card; also the answer to `help`. */
export const sendWelcome =
  ({ profile }: Pick<Deps, 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    await sendCard(
      context,
      welcomeCard(welcomeCardData(profile)),
      `Helpdesk Guard: is that really ${profile.helpdeskName}?`,
    );
  };

/** On install (installationUpdate add, or the bot added to a personal chat): welcome once. */
export const welcomeOnInstall = (deps: Pick<Deps, 'profile' | 'stores' | 'log'>) => {
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
