import { DefaultAzureCredential } from '@azure/identity';
import { isAggregateLogsUploadError, LogsIngestionClient } from '@azure/monitor-ingestion';
import type { LogsIngestionConfig } from '../../config/events-config';
import { redactUrlsIn } from '../../log/redact-url';
import { parseRetryAfter } from '../backoff';
import type { HelpdeskEvent } from '../schema';
import { type EventSink, SinkError } from './sink';

/** A TokenCredential as the SDK takes it (typed from the SDK, so no direct @azure/core-auth import). */
export type IngestionCredential = ConstructorParameters<typeof LogsIngestionClient>[1];

export interface LogsIngestionSinkOptions {
  timeoutMs: number;
  /** DefaultAzureCredential (managed identity, workload identity, env, az login) by default. */
  credential?: IngestionCredential;
  /** Extra trusted CA (PEM): for a private endpoint behind TLS inspection, and for tests. */
  ca?: string;
}

/** The rows of HelpdeskGuard_CL: the event's fields, one column each (Details is dynamic). */
export const toIngestionRow = (event: HelpdeskEvent): Record<string, unknown> => ({ ...event });

interface RestLikeError {
  statusCode?: number;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

const ROLE_FIX =
  'grant the bot\'s identity the "Monitoring Metrics Publisher" role on the data collection rule, and check LOGS_INGESTION_ENDPOINT';

/** The SDK's failure as a SinkError: status, Retry-After, retryable or not. */
export const ingestionError = (err: unknown): SinkError => {
  const cause = (isAggregateLogsUploadError(err) ? err.errors[0]?.cause : err) as RestLikeError | undefined;
  const status = cause?.statusCode;
  const retryAfterMs = parseRetryAfter(cause?.response?.headers?.get('retry-after'));
  // Redacted before it is cut: the SDK's messages may quote the request URL.
  const message = redactUrlsIn(cause?.message ?? String(err)).slice(0, 300);
  // 413 (over 1 MB) and 400 (rows that do not match the stream) cannot succeed again;
  // everything else (429, 5xx, auth, network, token acquisition) is worth another try.
  const retryable = status === undefined || !(status === 400 || status === 413 || status === 404);
  const hint = status === 401 || status === 403 ? ` (${ROLE_FIX})` : '';
  return new SinkError(`logs-ingestion: ${status ? `HTTP ${status}: ` : ''}${message}${hint}`, {
    retryable,
    retryAfterMs,
    status,
    cause: err,
  });
};

/**
 * Azure Monitor Logs Ingestion API (Sentinel's custom table HelpdeskGuard_CL, see
 * src/events/kql). The SDK cuts a batch into calls of at most 1 MB; its own retries are
 * off so the forwarder's backoff, Retry-After handling and dead-lettering apply.
 */
export const createLogsIngestionSink = (
  config: LogsIngestionConfig,
  options: LogsIngestionSinkOptions,
): EventSink => {
  const client = new LogsIngestionClient(
    config.endpoint,
    options.credential ?? new DefaultAzureCredential(),
    {
      retryOptions: { maxRetries: 0 },
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    },
  );
  return {
    name: 'logs-ingestion',
    async send(events: readonly HelpdeskEvent[]): Promise<void> {
      try {
        await client.upload(config.ruleId, config.streamName, events.map(toIngestionRow), {
          // One call at a time, in order: a failure leaves fewer rows to resend.
          maxConcurrency: 1,
          abortSignal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        throw ingestionError(err);
      }
    },
  };
};
