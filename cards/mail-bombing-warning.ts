import { Template } from 'adaptivecards-templating';
import type { Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './mail-bombing-warning.json';
import { helpdeskPhoneText } from './remote-tool-alert';

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
export const describeWindow = (t: Translator, minutes: number): string =>
  minutes >= 60 && minutes % 60 === 0
    ? t.t('warning.mailBombing.windowHours', { count: minutes / 60 })
    : t.t('warning.mailBombing.windowMinutes', { count: minutes });

/** "120 sign-up and newsletter emails from 35 senders arrived in the last hour. …" */
const floodText = (t: Translator, data: MailBombingWarningData): string => {
  const emails = t.t('warning.mailBombing.emails', { count: data.messageCount });
  const window = describeWindow(t, data.windowMinutes);
  return typeof data.senderCount === 'number'
    ? t.t('warning.mailBombing.floodFrom', {
        emails,
        senders: t.t('warning.mailBombing.senders', { count: data.senderCount }),
        window,
      })
    : t.t('warning.mailBombing.flood', { emails, window });
};

/**
 * The warning in the user's 1:1 chat while their mailbox is being flooded, before any
 * "helpdesk" chat arrives: the flood is an attack, a fake helpdesk usually calls next,
 * ours never asks for Quick Assist or a shared screen, how to check a caller (`verify`),
 * and the real helpdesk's number. Its one button types `verify`. In the translator's language.
 */
export const mailBombingWarningCard = (t: Translator, data: MailBombingWarningData): AdaptiveCardJson =>
  compiled.expand({
    $root: {
      t: t.section('warning.mailBombing.card', {
        helpdeskName: data.helpdeskName,
        phone: helpdeskPhoneText(t, data.phoneNumbers),
      }),
      floodText: floodText(t, data),
    },
  }) as AdaptiveCardJson;
