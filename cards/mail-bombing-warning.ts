import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './mail-bombing-warning.json';
import { helpdeskPhoneText } from './remote-tool-alert';
import { countOf } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** The flood seen in the user's mailbox, and who the real helpdesk is. */
export interface MailBombingWarningData {
  /** Sign-up and newsletter messages in the window. */
  messageCount: number;
  /** Distinct senders of those messages, when the signal counts them. */
  senderCount?: number | null;
  windowMinutes: number;
  helpdeskName: string;
  phoneNumbers: string[];
}

/** The window as in "the last …": "45 minutes", "hour", "3 hours", "90 minutes". */
export const describeWindow = (minutes: number): string => {
  const [n, unit] = minutes >= 60 && minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return n === 1 ? unit : countOf(n, unit);
};

/**
 * The warning in the user's 1:1 chat while their mailbox is being flooded, before any
 * "helpdesk" chat arrives: the flood is an attack, a fake helpdesk usually calls next,
 * ours never asks for Quick Assist or a shared screen, how to check a caller (`verify`),
 * and the real helpdesk's number. Its one button types `verify`.
 */
export const mailBombingWarningCard = (data: MailBombingWarningData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      floodText:
        `${countOf(data.messageCount, 'sign-up and newsletter email')}` +
        `${typeof data.senderCount === 'number' ? ` from ${countOf(data.senderCount, 'sender')}` : ''} ` +
        `arrived in the last ${describeWindow(data.windowMinutes)}. This flood is an attack, not a glitch.`,
      helpdeskName: data.helpdeskName,
      phoneText: helpdeskPhoneText(data.phoneNumbers),
    },
  }) as AdaptiveCardJson;
