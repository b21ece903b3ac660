import { randomUUID } from 'node:crypto';
import { type BackoffOptions, parseRetryAfter, retryDelayMs, sleep } from '../events/backoff';
import type { Logger } from '../log/logger';
import { redactUrlsIn } from '../log/redact-url';
import { GraphError } from './graph-error';
import { type GraphOperation, permissionHint } from './graph-permissions';
import type { GraphTokenProvider } from './token-provider';

/** What every request of one client shares. */
export interface GraphRequestContext {
  /** Graph's origin without a trailing slash, e.g. https://graph.microsoft.com. */
  endpoint: string;
  tokens: GraphTokenProvider;
  log: Logger;
  fetch: typeof fetch;
  maxAttempts: number;
  backoff: BackoffOptions;
  timeoutMs: number;
}

/** One logical Graph call; retries reuse it. */
export interface GraphRequest {
  operation: Exclude<GraphOperation, 'getToken'>;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Starts with the version, e.g. `/v1.0/users/...`; segments already encoded. */
  path: string;
  body?: unknown;
  /** Error statuses the caller maps itself (404, 409): returned instead of thrown. */
  accept?: readonly number[];
  /** What the call does, for messages: "install app X for user Y". */
  what: string;
}

/** A final answer: 2xx, or a status listed in `accept`. */
export interface GraphResponse {
  status: number;
  /** The parsed JSON body; undefined when empty (201, 204). */
  body: unknown;
  /** Attempts it took, the answering one included. */
  attempts: number;
}

/** Graph's documented transient answers: throttled, unavailable, gateway timeout. */
const RETRYABLE = new Set([429, 503, 504]);

type Attempt =
  | { kind: 'answer'; status: number; headers: Headers; body: unknown }
  | { kind: 'no_answer'; reason: string; error: unknown };

const parseBody = (text: string): unknown => {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Gateways in front of Graph answer some 502/504s with HTML; keep a short excerpt for the message.
    return { error: { message: text.slice(0, 200) } };
  }
};

/** Graph's error body: `{"error": {"code": "...", "message": "..."}}`. */
const graphErrorOf = (body: unknown): { code?: string; message?: string } => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : undefined,
    message: typeof error?.message === 'string' && error.message !== '' ? error.message : undefined,
  };
};

const networkReason = (err: unknown, timeoutMs: number): string => {
  // Duck-typed: the timeout is a DOMException, which is not always an Error of this realm.
  const failed = err as
    { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  if (failed?.name === 'TimeoutError' || failed?.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  const cause = failed?.cause;
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : undefined;
  const message = typeof failed?.message === 'string' ? failed.message : String(err);
  // Goes into a log line and a GraphError's message; a network error may quote the URL.
  return redactUrlsIn(detail ? `${message} (${detail})` : message);
};

const fetchToken = async (context: GraphRequestContext, request: GraphRequest): Promise<string> => {
  try {
    return await context.tokens.getToken();
  } catch (err) {
    if (err instanceof GraphError) throw err;
    throw new GraphError(
      `graph: ${request.what} failed: cannot get a token: ${err instanceof Error ? err.message : String(err)}`,
      { operation: 'getToken', attempts: 0, cause: err },
    );
  }
};

const attemptOnce = async (
  context: GraphRequestContext,
  request: GraphRequest,
  token: string,
  clientRequestId: string,
): Promise<Attempt> => {
  try {
    const response = await context.fetch(`${context.endpoint}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'client-request-id': clientRequestId,
        // charset: advanced hunting needs it for non-ASCII query text (lookalike names).
        ...(request.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      // Bounds the body read too: the signal stays attached to the response stream.
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    const text = await response.text();
    return { kind: 'answer', status: response.status, headers: response.headers, body: parseBody(text) };
  } catch (err) {
    return { kind: 'no_answer', reason: networkReason(err, context.timeoutMs), error: err };
  }
};

const failure = (
  request: GraphRequest,
  attempt: Attempt,
  attempts: number,
  retryAfterMs?: number,
): GraphError => {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (attempt.kind === 'no_answer') {
    return new GraphError(`graph: ${request.what} failed: ${attempt.reason} (after ${tries})`, {
      operation: request.operation,
      attempts,
      cause: attempt.error,
    });
  }
  const { code, message } = graphErrorOf(attempt.body);
  const requestId = attempt.headers.get('request-id') ?? undefined;
  const hint = permissionHint(request.operation, attempt.status);
  const waited =
    retryAfterMs === undefined ? '' : `; Graph asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
  return new GraphError(
    `graph: ${request.what} failed: ${attempt.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''} ` +
      `(after ${tries}${requestId ? `, request-id ${requestId}` : ''}${waited})${hint ? `. Fix: ${hint}` : ''}`,
    {
      operation: request.operation,
      status: attempt.status,
      graphCode: code,
      requestId,
      attempts,
      retryAfterMs,
    },
  );
};

/**
 * Sends one Graph request with a bearer token, a per-attempt timeout and retries: 429, 503,
 * 504 and network errors/timeouts are retried up to `maxAttempts`, waiting for Retry-After
 * when given (Graph's throttling guidance) and for exponential backoff with jitter when
 * not. Other 4xx/5xx fail at once. A Retry-After longer than `backoff.retryAfterMaxMs`
 * ends the retries (retrying sooner than asked only prolongs throttling) and the error
 * carries `retryAfterMs` so the caller can reschedule.
 *
 * Timeouts and network errors are retried for POSTs too: the client's POSTs are
 * idempotent in effect (a repeated install answers 409, which maps to already_installed).
 */
export const sendGraphRequest = async (
  context: GraphRequestContext,
  request: GraphRequest,
): Promise<GraphResponse> => {
  const clientRequestId = randomUUID();
  for (let attempts = 1; ; attempts += 1) {
    const token = await fetchToken(context, request);
    const attempt = await attemptOnce(context, request, token, clientRequestId);
    if (attempt.kind === 'answer' && (attempt.status < 300 || request.accept?.includes(attempt.status))) {
      return { status: attempt.status, body: attempt.body, attempts };
    }
    const retryable = attempt.kind === 'no_answer' || RETRYABLE.has(attempt.status);
    const retryAfterMs =
      attempt.kind === 'answer' ? parseRetryAfter(attempt.headers.get('retry-after')) : undefined;
    if (!retryable || attempts >= context.maxAttempts)
      throw failure(request, attempt, attempts, retryAfterMs);
    if (retryAfterMs !== undefined && retryAfterMs > context.backoff.retryAfterMaxMs) {
      throw failure(request, attempt, attempts, retryAfterMs);
    }
    const delayMs = retryDelayMs(attempts, context.backoff, retryAfterMs);
    context.log.warn(
      {
        graph: {
          operation: request.operation,
          status: attempt.kind === 'answer' ? attempt.status : undefined,
          graphCode: attempt.kind === 'answer' ? graphErrorOf(attempt.body).code : undefined,
          reason: attempt.kind === 'no_answer' ? attempt.reason : undefined,
          attempt: attempts,
          delayMs,
          clientRequestId,
        },
      },
      `graph: ${request.operation} will be retried in ${delayMs} ms`,
    );
    await sleep(delayMs);
  }
};
