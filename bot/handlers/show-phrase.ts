import type { TurnContext } from 'botbuilder';
import type { Deps } from '../deps';

/** `phrase`: today's helpdesk phrase for phone calls, when the organisation turned it on. */
export const showPhrase =
  ({ phrase, profile }: Pick<Deps, 'phrase' | 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    if (!phrase) {
      await context.sendActivity(
        `${profile.orgName} does not use a helpdesk phrase. Ask a caller for a verification code instead and check it with **verify CODE**.`,
      );
      return;
    }
    const current = phrase.currentPhrase();
    await context.sendActivity(
      `Today's helpdesk phrase is **${current.phrase}** (until ${current.validUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC). ` +
        `A genuine ${profile.helpdeskName} caller can say it; never say it first.`,
    );
  };
