import type { EventsConfig } from '../../config/events-config';
import { createFileSink } from './file-sink';
import { createLogsIngestionSink, type IngestionCredential } from './logs-ingestion-sink';
import type { EventSink } from './sink';
import { createSplunkHecSink } from './splunk-hec-sink';
import { createSyslogSink } from './syslog-sink';
import { createWebhookSink } from './webhook-sink';

/** What tests (and unusual deployments) may supply instead of the defaults. */
export interface SinkOverrides {
  /** For Logs Ingestion; DefaultAzureCredential otherwise. */
  credential?: IngestionCredential;
  /** Extra trusted CA (PEM) for the Logs Ingestion endpoint. */
  ingestionCa?: string;
  /** HEC ack polling interval. */
  hecAckPollMs?: number;
}

/** One sink per configured destination, in a fixed order; none when nothing is configured. */
export const createSinks = (config: EventsConfig, overrides: SinkOverrides = {}): EventSink[] => {
  const timeoutMs = config.httpTimeoutMs;
  const sinks: EventSink[] = [];
  if (config.eventLogFile) sinks.push(createFileSink(config.eventLogFile));
  if (config.splunk)
    sinks.push(createSplunkHecSink(config.splunk, { timeoutMs, ackPollMs: overrides.hecAckPollMs }));
  if (config.logsIngestion) {
    sinks.push(
      createLogsIngestionSink(config.logsIngestion, {
        timeoutMs,
        credential: overrides.credential,
        ca: overrides.ingestionCa,
      }),
    );
  }
  if (config.syslog) sinks.push(createSyslogSink(config.syslog, { timeoutMs }));
  if (config.webhook) sinks.push(createWebhookSink(config.webhook, { timeoutMs }));
  return sinks;
};
