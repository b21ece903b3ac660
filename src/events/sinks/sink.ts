import { HelpdeskGuardError } from '../../errors';
import { redactUrlsIn } from '../../log/redact-url';
import type { HelpdeskEvent } from '../schema';

/** The names of the sinks; each is also the Redis consumer group and dead-letter stream suffix. */
export type SinkName = 'file' | 'splunk' | 'logs-ingestion' | 'syslog' | 'webhook' | (string & {});

/**
 * A destination of events. send() resolves once the destination has taken the whole
 * batch; it rejects with a SinkError otherwise (and may have taken part of it: delivery
 * is at-least-once, EventId lets the SIEM drop duplicates).
 */
export interface EventSink {
  readonly name: SinkName;
  send(events: readonly HelpdeskEvent[]): Promise<void>;
  close?(): Promise<void>;
}

/**
 * A failed delivery. `retryable` false means resending the same batch cannot succeed
 * (malformed data); the forwarder then splits the batch to isolate the bad event and
 * dead-letters it. Messages never contain tokens or secrets: any URL in one (a network
 * error quotes the URL it failed on) has its credentials and query values redacted here,
 * as the message goes to the logs, the dead-letter stream and `helpdesk-guard events`.
 */
export class SinkError extends HelpdeskGuardError {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super('send_failed', redactUrlsIn(message), { cause: options.cause });
    this.name = 'SinkError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** Any rejection as a SinkError; an unknown failure (a bug, a network error) is retried. */
export const toSinkError = (err: unknown, sink: string): SinkError =>
  err instanceof SinkError
    ? err
    : new SinkError(`${sink}: ${err instanceof Error ? err.message : String(err)}`, {
        retryable: true,
        cause: err,
      });
