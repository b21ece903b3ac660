import type { TurnContext } from 'botbuilder';

const MAX_ECHO = 40;

/** Anything no other route took: a short, useful answer, never silence. */
export const answerUnknownText =
  () =>
  async (context: TurnContext): Promise<void> => {
    const text = (context.activity.text ?? '').trim();
    const echo = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
    const lead = text ? `I don't know "${echo}".` : 'I can only read text messages.';
    await context.sendActivity(
      `${lead} Try **help** (how our helpdesk contacts you), **tips** (one short lesson), **quiz** (test yourself), ` +
        '**verify CODE** (check a caller) or **report** (report a suspicious chat).',
    );
  };
