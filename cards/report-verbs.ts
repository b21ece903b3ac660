/**
 * Action.Execute verbs of the report cards, shared with the handlers in bot/. Each has a
 * typed form (DESIGN.md): `report`, `report <chat link>`.
 */
import { REPORT_CHAT_VERB } from './verification-verbs';

/** "Report this chat" (warning card, typed `report` list): data `{ chatThreadId }`. */
export { REPORT_CHAT_VERB };

/** Security card "Confirm malicious": data `{ reportId }`. Security team only. */
export const REPORT_MALICIOUS_VERB = 'report.malicious';

/** Security card "Benign": data `{ reportId }`. Security team only. */
export const REPORT_BENIGN_VERB = 'report.benign';

/** Security card "Remove chat for user": data `{ reportId }`. Security team only; needs Graph. */
export const REPORT_REMOVE_VERB = 'report.remove';
