/**
 * Action.Execute verbs of the sender list cards and of the security card's "trust the
 * organisation" choice, shared with bot/handlers/sender-lists.ts. Each has a typed form:
 * `blocklist remove <value>`, `blocklist add <value> [days] [reason]` (and `allowlist …`).
 */

/** "Remove" on a list card entry: data `{ list, kind, value }`. Security team only. */
export const SENDER_LIST_REMOVE_VERB = 'sender-list.remove';

/** "Add" on a list card: data `{ list }` and the card's inputs `value`, `days`, `reason`. Security team only. */
export const SENDER_LIST_ADD_VERB = 'sender-list.add';

/**
 * Security card "Benign, trust the whole organisation": data `{ reportId }`. Benign, and
 * the sender's tenant and domain go on the allowlist with the sender. Security team only.
 */
export const REPORT_BENIGN_ORGANISATION_VERB = 'report.benign-organisation';
