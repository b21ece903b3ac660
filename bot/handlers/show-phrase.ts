import type { TurnContext } from 'botbuilder';
import { translatorFor } from '../../src/i18n/translations';
import type { Deps } from '../deps';

/** `phrase`: today's helpdesk phrase for phone calls, when the organisation turned it on. */
export const showPhrase =
  ({ phrase, profile }: Pick<Deps, 'phrase' | 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(profile, context.activity.locale);
    if (!phrase) {
      await context.sendActivity(t.t('verification.phrase.off', { orgName: profile.orgName }));
      return;
    }
    const current = phrase.currentPhrase();
    await context.sendActivity(
      t.t('verification.phrase.current', {
        phrase: current.phrase,
        until: current.validUntil.toISOString().slice(0, 16).replace('T', ' '),
        helpdeskName: profile.helpdeskName,
      }),
    );
  };
