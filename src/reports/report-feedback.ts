import { message, type Message } from '../i18n/translations';
import type { ContactSender } from './first-contact-log';
import type { TriageDecision } from './report-store';

/** How the sender is named to a reporter: "IT Helpdesk (it@x.onmicrosoft.com)", or "that chat". */
export const senderNamed = (sender: ContactSender | undefined): Message | string => {
  if (sender === undefined) return message('report.feedback.thatChat');
  return sender.upn
    ? message('report.feedback.namedSender', { name: sender.displayName, upn: sender.upn })
    : sender.displayName;
};

/**
 * The message a reporter gets after triage. `removed` says whether the chat was removed
 * for this reporter: a failed removal is said plainly, with what to do instead.
 */
export const feedbackMessage = (
  decision: TriageDecision,
  sender: ContactSender | undefined,
  removed: boolean,
): Message => {
  const params = { sender: senderNamed(sender) };
  if (decision === 'benign') return message('report.feedback.benign', params);
  if (decision === 'remove')
    return message(removed ? 'report.feedback.removed' : 'report.feedback.notRemoved', params);
  return message('report.feedback.malicious', params);
};
