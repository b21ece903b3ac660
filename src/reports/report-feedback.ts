import type { ContactSender } from './first-contact-log';
import type { TriageDecision } from './report-store';

/** How the sender is named to a reporter: "IT Helpdesk (it@x.onmicrosoft.com)", or "that chat". */
export const describeSender = (sender: ContactSender | undefined): string => {
  if (sender === undefined) return 'that chat';
  return sender.upn ? `${sender.displayName} (${sender.upn})` : sender.displayName;
};

/**
 * The message a reporter gets after triage. `removed` says whether the chat was removed
 * for this reporter: a failed removal is said plainly, with what to do instead.
 */
export const feedbackText = (
  decision: TriageDecision,
  sender: ContactSender | undefined,
  removed: boolean,
): string => {
  const thanks = `Thanks for reporting ${describeSender(sender)}.`;
  if (decision === 'benign') {
    return `${thanks} The security team checked it: this one was safe, and you can carry on. Keep reporting anything that feels off.`;
  }
  if (decision === 'remove' && removed) return `${thanks} It was a phishing attempt and we removed the chat.`;
  const advice =
    'Do not reply, do not share your screen or open Quick Assist or any remote tool, and leave the chat.';
  return decision === 'remove'
    ? `${thanks} It was a phishing attempt. We could not remove the chat for you: ${advice}`
    : `${thanks} It was a phishing attempt. ${advice}`;
};
