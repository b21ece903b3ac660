/**
 * Action.Execute verbs of the verification cards, shared with the handlers in bot/.
 * Each has a text command that does the same job (DESIGN.md).
 */

/** "Verify this caller": data `{ chatThreadId, code }` (code from the Input.Text). Text: `verify <code>`. */
export const VERIFY_CALLER_VERB = 'caller.verify';

/** "Give me a code for the caller": data `{ chatThreadId }`. Starts challenge-back. */
export const CHALLENGE_CALLER_VERB = 'caller.challenge';

/** "Report this chat": data `{ chatThreadId }` (empty when the chat is not known). Text: `report`. */
export const REPORT_CHAT_VERB = 'chat.report';

/** Staff "Issue code": data `{ target }` (UPN or object ID). Text: `issue code <UPN or object ID>`. */
export const ISSUE_CODE_VERB = 'code.issue';
