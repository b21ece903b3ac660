/**
 * Error codes shared by the whole code base. A code is stable (logs, HTTP bodies and
 * tests match on it); the message says what happened and, where an operator can fix
 * it, how.
 */
export type ErrorCode =
  // Start-up
  | 'config_invalid'
  | 'profile_invalid'
  // The HTTP edge (src/http, bot/messages-endpoint.ts, the signal routes)
  | 'body_invalid'
  | 'body_too_large'
  | 'content_type_unsupported'
  | 'encoding_unsupported'
  | 'unauthorized'
  | 'activity_invalid'
  | 'invoke_unsupported'
  | 'signature_invalid'
  | 'busy'
  | 'starting'
  | 'rate_limited'
  | 'internal_error'
  // Card actions and their typed forms (bot/card-action.ts, bot/handlers)
  | 'unknown_action'
  | 'user_unknown'
  | 'not_authorized'
  | 'not_found'
  | 'report_unknown'
  | 'report_refused'
  | 'remove_unavailable'
  // Verification
  | 'code_invalid'
  | 'code_expired'
  | 'code_used'
  | 'code_other_user'
  | 'locked_out'
  // Remote services and stores
  | 'send_failed'
  | 'graph_failed'
  | 'signing_keys_unavailable'
  | 'hunting_failed'
  | 'store_unavailable'
  // A singleton's write after its lease passed to another replica (src/store/fenced.ts)
  | 'lease_lost';

/** The one error class: a code for machines, a message for people. */
export class HelpdeskGuardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HelpdeskGuardError';
  }
}

/** True when `err` is a HelpdeskGuardError, optionally with the given code. */
export const isGuardError = (err: unknown, code?: ErrorCode): err is HelpdeskGuardError =>
  err instanceof HelpdeskGuardError && (code === undefined || err.code === code);

/** The JSON body of every refusal the bot answers over HTTP: a code for machines, a message for people. */
export const errorBody = (code: ErrorCode, message: string): { code: ErrorCode; message: string } => ({
  code,
  message,
});
