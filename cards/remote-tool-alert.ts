import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import {
  minutesAfterWarning,
  type RemoteToolAlertRecord,
  type RemoteToolAnswer,
} from '../src/hunting/remote-tool-alerts';
import type { TextSection, Translator } from '../src/i18n/translations';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './remote-tool-alert.json';
import { REMOTE_TOOL_MYSELF_VERB, REMOTE_TOOL_NOT_ME_VERB } from './remote-tool-verbs';
import { cardDateTime, plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the user's remote-tool alert shows. */
export interface RemoteToolAlertData {
  alertId: string;
  chatThreadId: string;
  /** The external "helpdesk" of the chat, as it named itself. */
  senderDisplayName: string;
  deviceName: string;
  /** As a person names it: "Quick Assist". */
  tool: string;
  /** When the tool started, ms since the epoch. */
  startedAt: number;
  minutesAfterWarning: number;
  orgName: string;
  helpdeskName: string;
  phoneNumbers: string[];
  /** The answer that stands once the user tapped: the card then thanks them and has no buttons. */
  answer: RemoteToolAnswer | null;
  /** The user tapped again after answering (the first answer counts). */
  alreadyAnswered?: boolean;
}

/** "+1 555 0100 or +1 555 0199"; a profile without numbers points to the intranet. */
export const helpdeskPhoneText = (t: Translator, phoneNumbers: readonly string[]): string =>
  phoneNumbers.length > 0 ? t.list(phoneNumbers, 'disjunction') : t.t('warning.remoteTool.intranetNumber');

/** The card's data from the stored alert and the helpdesk profile. */
export const remoteToolAlertData = (
  alert: RemoteToolAlertRecord,
  profile: Pick<HelpdeskProfile, 'orgName' | 'helpdeskName' | 'phoneNumbers'>,
): RemoteToolAlertData => ({
  alertId: alert.alertId,
  chatThreadId: alert.chatThreadId,
  senderDisplayName: alert.sender.displayName,
  deviceName: alert.device.name,
  tool: alert.tool,
  startedAt: alert.startedAt,
  minutesAfterWarning: minutesAfterWarning(alert),
  orgName: profile.orgName,
  helpdeskName: profile.helpdeskName,
  phoneNumbers: profile.phoneNumbers,
  answer: alert.answer?.answer ?? null,
});

const afterWarning = (t: Translator, minutes: number): string =>
  minutes < 1
    ? t.t('warning.remoteTool.lessThanMinute')
    : t.t('warning.remoteTool.minutes', { count: minutes });

/** What to do now, in the order that matters. */
const steps = (words: TextSection): string[] =>
  [words.step1, words.step2, words.step3, words.step4].map((step) => step as string);

const header = (data: RemoteToolAlertData, words: TextSection) => {
  if (data.answer === 'not_me')
    return { headerStyle: 'attention', headline: words.notMeHeadline, summary: words.notMeSummary };
  if (data.answer === 'myself')
    return { headerStyle: 'warning', headline: words.myselfHeadline, summary: words.myselfSummary };
  return { headerStyle: 'attention', headline: words.openHeadline, summary: words.openSummary };
};

/**
 * The alert in the user's 1:1 chat, sent the moment Defender shows a remote-support tool
 * started soon after a warning: what to do now, which chat, device and tool, and two
 * one-tap answers (verbs in remote-tool-verbs.ts, data `{ alertId, chatThreadId }`). With
 * an answer it is the card that replaces the alert after the tap: thanks, and no buttons.
 * In the translator's language.
 */
export const remoteToolAlertCard = (t: Translator, data: RemoteToolAlertData): AdaptiveCardJson => {
  const isOpen = data.answer === null;
  const words = t.section('warning.remoteTool.card', {
    tool: data.tool,
    device: plainText(data.deviceName),
    senderDisplayName: plainText(data.senderDisplayName),
    after: afterWarning(t, data.minutesAfterWarning),
    orgName: data.orgName,
    helpdeskName: data.helpdeskName,
    phone: helpdeskPhoneText(t, data.phoneNumbers),
  });
  return compiled.expand({
    $root: {
      t: words,
      ...header(data, words),
      isOpen,
      alreadyAnswered: data.alreadyAnswered === true && !isOpen,
      alreadyAnsweredText: words.alreadyAnswered,
      showSteps: data.answer !== 'myself',
      stepsTitle: isOpen ? words.doNow : words.untilCall,
      steps: data.answer === 'myself' ? [] : steps(words),
      alertId: data.alertId,
      chatThreadId: data.chatThreadId,
      deviceName: plainText(data.deviceName),
      tool: data.tool,
      startedAt: cardDateTime(data.startedAt),
      question: words.question,
      verbs: { notMe: REMOTE_TOOL_NOT_ME_VERB, myself: REMOTE_TOOL_MYSELF_VERB },
    },
  }) as AdaptiveCardJson;
};
