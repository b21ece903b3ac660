import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import { plainText } from './report-format';
import template from './report-thanks.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the reporter's card says after the tap. */
export interface ReportThanksCardData {
  /** The sender as the reporter knows them; omit for a chat the bot never saw. */
  senderName?: string;
  /** The user had already reported this chat (a second tap). */
  alreadyReported: boolean;
}

/** The warning card after "Report this chat": the refreshed card the invoke answers with. */
export const reportThanksCard = (data: ReportThanksCardData): AdaptiveCardJson => {
  const what = data.senderName === undefined ? 'this chat' : `the chat with ${plainText(data.senderName)}`;
  return compiled.expand({
    $root: {
      headline: data.alreadyReported
        ? `You already reported ${what}; the security team has it.`
        : `The security team now has ${what}.`,
    },
  }) as AdaptiveCardJson;
};
