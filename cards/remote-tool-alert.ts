import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import {
  minutesAfterWarning,
  type RemoteToolAlertRecord,
  type RemoteToolAnswer,
} from '../src/hunting/remote-tool-alerts';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './remote-tool-alert.json';
import { REMOTE_TOOL_MYSELF_VERB, REMOTE_TOOL_NOT_ME_VERB } from './remote-tool-verbs';
import { cardDateTime, countOf, plainText } from './report-format';

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
export const helpdeskPhoneText = (phoneNumbers: readonly string[]): string =>
  phoneNumbers.length > 0 ? phoneNumbers.join(' or ') : 'the number on the intranet';

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

const afterWarning = (minutes: number): string =>
  minutes < 1 ? 'less than a minute' : countOf(minutes, 'minute');

/** What to do now, in the order that matters. */
const steps = (data: RemoteToolAlertData, phone: string): string[] => [
  `1. **End the ${data.tool} session**: close its window now.`,
  '2. **Disconnect from the network**: unplug the network cable and turn Wi-Fi off.',
  `3. **Call ${data.helpdeskName}** on ${phone}, never on a number from the chat.`,
  '4. **Do not sign in, type a password or approve anything** (such as a sign-in request on your phone) until they say it is safe.',
];

const header = (data: RemoteToolAlertData, phone: string) => {
  if (data.answer === 'not_me')
    return {
      headerStyle: 'attention',
      headline: 'Thank you — the security team has been told',
      summary: 'Keep the device disconnected until they call you.',
    };
  if (data.answer === 'myself')
    return {
      headerStyle: 'warning',
      headline: 'Thanks — if you did not expect this, tell the helpdesk',
      summary:
        `If someone in a chat or on the phone asked you to start ${data.tool}, that is how this attack works: ` +
        `end the session, disconnect from the network and call ${data.helpdeskName} on ${phone}.`,
    };
  return {
    headerStyle: 'attention',
    headline: 'Stop: someone may be controlling your computer',
    summary:
      `${data.tool} started on ${plainText(data.deviceName)} ${afterWarning(data.minutesAfterWarning)} after we warned you ` +
      `about a chat from outside ${data.orgName} that looked like IT support. Whoever is in that chat may now see and control your screen.`,
  };
};

/**
 * The alert in the user's 1:1 chat, sent the moment Defender shows a remote-support tool
 * started soon after a warning: what to do now, which chat, device and tool, and two
 * one-tap answers (verbs in remote-tool-verbs.ts, data `{ alertId, chatThreadId }`). With
 * an answer it is the card that replaces the alert after the tap: thanks, and no buttons.
 */
export const remoteToolAlertCard = (data: RemoteToolAlertData): AdaptiveCardJson => {
  const phone = helpdeskPhoneText(data.phoneNumbers);
  const isOpen = data.answer === null;
  return compiled.expand({
    $root: {
      ...header(data, phone),
      isOpen,
      alreadyAnswered: data.alreadyAnswered === true && !isOpen,
      alreadyAnsweredText: `You had already answered; your first answer counts. To change it, call ${data.helpdeskName}.`,
      showSteps: data.answer !== 'myself',
      stepsTitle: isOpen ? 'Do this now' : 'Until they call',
      steps: data.answer === 'myself' ? [] : steps(data, phone),
      alertId: data.alertId,
      chatThreadId: data.chatThreadId,
      senderDisplayName: plainText(data.senderDisplayName),
      deviceName: plainText(data.deviceName),
      tool: data.tool,
      startedAt: cardDateTime(data.startedAt),
      question: `Did you start ${data.tool} yourself? Tap an answer before you disconnect: it goes straight to the security team.`,
      verbs: { notMe: REMOTE_TOOL_NOT_ME_VERB, myself: REMOTE_TOOL_MYSELF_VERB },
    },
  }) as AdaptiveCardJson;
};
