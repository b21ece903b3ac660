import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
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

const headlineOf = (t: Translator, data: ReportThanksCardData): string => {
  if (data.senderName === undefined)
    return t.t(
      data.alreadyReported ? 'report.thanks.headline.againUnnamed' : 'report.thanks.headline.unnamed',
    );
  const name = plainText(data.senderName);
  return t.t(data.alreadyReported ? 'report.thanks.headline.againNamed' : 'report.thanks.headline.named', {
    name,
  });
};

/**
 * The warning card after "Report this chat": the refreshed card the invoke answers with,
 * in the reporter's language.
 */
export const reportThanksCard = (t: Translator, data: ReportThanksCardData): AdaptiveCardJson =>
  compiled.expand({
    $root: { t: t.section('report.thanks.card'), headline: headlineOf(t, data) },
  }) as AdaptiveCardJson;
