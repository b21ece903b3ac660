import { redactUrlsIn } from '../../log/redact-url';
import { parseRetryAfter } from '../backoff';
import { SinkError } from './sink';

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Where a URL points, for messages: origin and path only. A query string can hold a
 * credential (Logic Apps put `sig=` there), and so can userinfo, so neither reaches a log.
 */
export const describeUrl = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/**
 * POSTs `body` and returns the reply whatever its status; rejects with a retryable
 * SinkError when the server cannot be reached or does not answer within `timeoutMs`.
 */
export const httpPost = async (
  sink: string,
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpReply> => {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    // undici quotes the URL it refused ("...a URL that includes credentials: http://user:pw@...").
    const reason = redactUrlsIn(
      err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err),
    );
    throw new SinkError(`${sink}: cannot reach ${describeUrl(url)}: ${reason}`, {
      retryable: true,
      cause: err,
    });
  }
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/**
 * The SinkError for a non-2xx reply. 408, 429 and 5xx are transient. 401 and 403 are
 * retried too: an operator fixes the credential, and the events wait in the outbox (and
 * the dead-letter stream after maxAttempts) instead of being dropped. Any other 4xx
 * means this batch is malformed and resending it cannot help.
 */
export const replyError = (sink: string, reply: HttpReply, detail: string, fix = ''): SinkError => {
  const retryable =
    reply.status === 408 || reply.status === 429 || reply.status >= 500 || [401, 403].includes(reply.status);
  const hint = fix && [401, 403].includes(reply.status) ? ` (${fix})` : '';
  // Redacted before it is cut: a URL cut in half would no longer be recognised as one.
  return new SinkError(`${sink}: HTTP ${reply.status}: ${redactUrlsIn(detail).slice(0, 300)}${hint}`, {
    retryable,
    status: reply.status,
    retryAfterMs: parseRetryAfter(reply.headers.get('retry-after')),
  });
};
