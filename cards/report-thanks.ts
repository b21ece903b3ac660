import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import { plainText } from './report-format';
import template from './report-thanks.json';

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
  return new Template(template).expand({
    $root: {
      headline: data.alreadyReported
        ? `You already reported ${what}; the security team has it.`
        : `The security team now has ${what}.`,
    },
  }) as AdaptiveCardJson;
};
