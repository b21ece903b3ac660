import type { ErrorCode } from '../errors';
import type { GraphOperation } from './graph-permissions';

/** What a GraphError knows about the failed call; every field is optional but the operation. */
export interface GraphErrorDetails {
  operation: GraphOperation;
  /** HTTP status of the last answer; undefined when none came (network error, timeout, token). */
  status?: number;
  /** Graph's `error.code` from the body, e.g. `Request_ResourceNotFound`, `TooManyRequests`. */
  graphCode?: string;
  /** Graph's `request-id` header, which Microsoft support asks for. */
  requestId?: string;
  /** How many HTTP attempts were made (0 when the token could not be had). */
  attempts: number;
  /** The server's last Retry-After, when it asked for a wait longer than the client would make. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A Microsoft Graph call failed for good (after retries where retrying made sense).
 * `code` is always `graph_failed`, so logs and callers can match on it like on a
 * HelpdeskGuardError; `status` and `graphCode` say why. The message says what failed and,
 * for 401/403, which permission to grant. It never holds a token or a client secret.
 */
export class GraphError extends Error {
  readonly code = 'graph_failed' satisfies ErrorCode;
  readonly operation: GraphOperation;
  readonly status?: number;
  readonly graphCode?: string;
  readonly requestId?: string;
  readonly attempts: number;
  readonly retryAfterMs?: number;

  constructor(message: string, details: GraphErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GraphError';
    this.operation = details.operation;
    this.status = details.status;
    this.graphCode = details.graphCode;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** True when `err` is a GraphError, optionally with the given HTTP status. */
export const isGraphError = (err: unknown, status?: number): err is GraphError =>
  err instanceof GraphError && (status === undefined || err.status === status);

/** A Graph answer that is not of the documented shape: a failure, never a guess at what it meant. */
export const invalidAnswer = (operation: GraphOperation, what: string, attempts: number): GraphError =>
  new GraphError(`graph: ${what} failed: Graph's answer does not have the documented shape`, {
    operation,
    attempts,
  });
