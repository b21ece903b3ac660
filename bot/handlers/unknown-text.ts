import type { TurnContext } from 'botbuilder';
import { translatorFor } from '../../src/i18n/translations';
import type { Deps } from '../deps';

const MAX_ECHO = 40;

/** Anything no other route took: a short, useful answer in the user's language, never silence. */
export const answerUnknownText =
  ({ profile }: Pick<Deps, 'profile'>) =>
  async (context: TurnContext): Promise<void> => {
    const t = translatorFor(profile, context.activity.locale);
    const text = (context.activity.text ?? '').trim();
    const echo = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
    const lead = text ? t.t('common.unknownText.unknown', { echo }) : t.t('common.unknownText.notText');
    await context.sendActivity(`${lead} ${t.t('common.unknownText.commands')}`);
  };
