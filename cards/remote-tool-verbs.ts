/**
 * Action.Execute verbs of the remote-tool alert card, shared with
 * bot/handlers/remote-tool-answer.ts. Data of both: `{ alertId, chatThreadId }`; the
 * handler trusts neither and looks the alert up for the tapping user.
 */
import type { RemoteToolAnswer } from '../src/hunting/remote-tool-alerts';

/** "I did not start this": the security team's card turns urgent. */
export const REMOTE_TOOL_NOT_ME_VERB = 'remote-tool.not-me';

/** "I started this myself". */
export const REMOTE_TOOL_MYSELF_VERB = 'remote-tool.myself';

/** The verb of each answer. */
export const REMOTE_TOOL_ANSWER_VERBS: Readonly<Record<RemoteToolAnswer, string>> = {
  not_me: REMOTE_TOOL_NOT_ME_VERB,
  myself: REMOTE_TOOL_MYSELF_VERB,
};
