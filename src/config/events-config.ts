/**
 * Settings of the event pipeline (outbox, forwarder, sinks), parsed from the environment
 * by loadConfig. Each sink is on when its settings are present; any combination works.
 * This module never reads process.env: the caller hands it the environment. A value quoted
 * in a problem goes through redactUrl first: these URLs may carry a password or a `sig=`.
 */
import { redactUrl } from '../log/redact-url';

/** Splunk HTTP Event Collector. */
export interface SplunkHecConfig {
  /** The full event endpoint, e.g. https://splunk.example.com:8088/services/collector/event */
  url: string;
  /** The HEC token; sent as `Authorization: Splunk <token>` and never logged. */
  token: string;
  index?: string;
  source: string;
  sourcetype: string;
  /** Indexer acknowledgement: a batch counts as delivered only once Splunk acks it. */
  ack: boolean;
  /** The `X-Splunk-Request-Channel` GUID; generated per process when ack is on and none is set. */
  channel?: string;
  /** How long to wait for an indexer acknowledgement before resending the batch. */
  ackTimeoutMs: number;
}

/** Azure Monitor Logs Ingestion API (Microsoft Sentinel custom table). */
export interface LogsIngestionConfig {
  /** Data collection endpoint (DCE) or the DCR's own logs ingestion endpoint, https. */
  endpoint: string;
  /** The DCR's immutable ID, dcr-... */
  ruleId: string;
  /** The DCR stream, e.g. Custom-HelpdeskGuard */
  streamName: string;
}

/** Syslog with CEF payloads, RFC 5424. */
export interface SyslogConfig {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
}

/** A signed outbound webhook (same signature scheme as the inbound signal webhook). */
export interface WebhookConfig {
  url: string;
  /** HMAC-SHA256 key; never logged. */
  secret: string;
}

export interface EventsConfig {
  /** Append every event as one JSON line to this file. */
  eventLogFile?: string;
  splunk?: SplunkHecConfig;
  logsIngestion?: LogsIngestionConfig;
  syslog?: SyslogConfig;
  webhook?: WebhookConfig;
  /** Delivery attempts of a batch to a sink before its events go to the dead-letter stream. */
  maxAttempts: number;
  /** Events per delivery call to a sink. */
  batchSize: number;
  /** First retry delay; doubles per attempt, with jitter. */
  retryBaseMs: number;
  /** Cap of one retry delay (a longer Retry-After is still honoured, up to retryAfterMaxMs). */
  retryMaxMs: number;
  /** Longest Retry-After the forwarder honours; a server asking for more gets this. */
  retryAfterMaxMs: number;
  /** A Redis outbox entry pending this long (its replica died) is claimed by another replica. */
  claimIdleMs: number;
  /** Timeout of one HTTP call to a sink. */
  httpTimeoutMs: number;
}

/** Defaults chosen so that a sink that is down for about half an hour loses nothing. */
export const EVENTS_DEFAULTS = {
  maxAttempts: 12,
  batchSize: 500,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  retryAfterMaxMs: 600_000,
  claimIdleMs: 10_000,
  httpTimeoutMs: 30_000,
  splunkSourcetype: 'helpdesk_guard:event',
  splunkSource: 'helpdesk-guard',
  splunkAckTimeoutMs: 60_000,
} as const;

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses an http(s) URL; returns a problem sentence instead of throwing. Userinfo is refused:
 * fetch will not send a request to a URL with credentials in it, so every delivery would fail.
 */
const checkUrl = (
  name: string,
  raw: string,
  httpsOnly: boolean,
  credentialFix: string,
): string | undefined => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${name} must be an absolute URL such as https://host/path (got '${redactUrl(raw)}')`;
  }
  if (httpsOnly && url.protocol !== 'https:') return `${name} must use https:// (got '${url.protocol}')`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `${name} must start with https:// or http:// (got '${redactUrl(raw)}')`;
  }
  if (url.username !== '' || url.password !== '') {
    return `${name} must not contain a user name or password (got '${redactUrl(raw)}'): ${credentialFix}`;
  }
  return undefined;
};

const positiveInt = (env: Env, name: string, fallback: number, problems: string[]): number => {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    problems.push(`${name} must be a positive whole number (got '${raw}')`);
    return fallback;
  }
  return parsed;
};

const bool = (env: Env, name: string, problems: string[]): boolean => {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got '${raw}')`);
  return false;
};

/** Both or neither: a half-configured sink is a mistake worth reporting. */
const pair = (env: Env, a: string, b: string, problems: string[]): [string, string] | undefined => {
  const first = value(env, a);
  const second = value(env, b);
  if (first === undefined && second === undefined) return undefined;
  if (first === undefined) problems.push(`set ${a} too: ${b} is set but ${a} is not`);
  if (second === undefined) problems.push(`set ${b} too: ${a} is set but ${b} is not`);
  return first !== undefined && second !== undefined ? [first, second] : undefined;
};

const parseSplunk = (env: Env, problems: string[]): SplunkHecConfig | undefined => {
  const settings = pair(env, 'SPLUNK_HEC_URL', 'SPLUNK_HEC_TOKEN', problems);
  if (!settings) return undefined;
  const [url, token] = settings;
  const urlProblem = checkUrl('SPLUNK_HEC_URL', url, false, 'the HEC token goes in SPLUNK_HEC_TOKEN');
  if (urlProblem) problems.push(urlProblem);
  else if (!/\/services\/collector(\/event)?(\/1\.0)?\/?$/.test(new URL(url).pathname)) {
    problems.push(
      `SPLUNK_HEC_URL must be the full event endpoint ending in /services/collector/event (got path '${new URL(url).pathname}')`,
    );
  }
  const channel = value(env, 'SPLUNK_HEC_CHANNEL');
  if (channel !== undefined && !GUID.test(channel)) {
    problems.push(`SPLUNK_HEC_CHANNEL must be a GUID such as 0f4b8d1e-... (got '${channel}')`);
  }
  return {
    url,
    token,
    index: value(env, 'SPLUNK_HEC_INDEX'),
    source: value(env, 'SPLUNK_HEC_SOURCE') ?? EVENTS_DEFAULTS.splunkSource,
    sourcetype: value(env, 'SPLUNK_HEC_SOURCETYPE') ?? EVENTS_DEFAULTS.splunkSourcetype,
    ack: bool(env, 'SPLUNK_HEC_ACK', problems),
    channel,
    ackTimeoutMs: positiveInt(env, 'SPLUNK_HEC_ACK_TIMEOUT_MS', EVENTS_DEFAULTS.splunkAckTimeoutMs, problems),
  };
};

const LOGS_INGESTION_VARS = ['LOGS_INGESTION_ENDPOINT', 'LOGS_INGESTION_RULE_ID', 'LOGS_INGESTION_STREAM'];

const parseLogsIngestion = (env: Env, problems: string[]): LogsIngestionConfig | undefined => {
  const [endpoint, ruleId, streamName] = LOGS_INGESTION_VARS.map((name) => value(env, name));
  if (endpoint === undefined && ruleId === undefined && streamName === undefined) return undefined;
  const missing = LOGS_INGESTION_VARS.filter((name) => value(env, name) === undefined);
  if (missing.length > 0) {
    problems.push(
      `set ${missing.join(' and ')} too: the Logs Ingestion sink needs all of ${LOGS_INGESTION_VARS.join(', ')}`,
    );
    return undefined;
  }
  const urlProblem = checkUrl(
    'LOGS_INGESTION_ENDPOINT',
    endpoint!,
    true,
    'the sink authenticates with DefaultAzureCredential (AZURE_* variables or a managed identity)',
  );
  if (urlProblem) problems.push(urlProblem);
  if (!/^dcr-[0-9a-f]{32}$/i.test(ruleId!)) {
    problems.push(
      `LOGS_INGESTION_RULE_ID must be the DCR's immutable ID, dcr- and 32 hex digits (got '${ruleId}')`,
    );
  }
  if (!streamName!.startsWith('Custom-')) {
    problems.push(
      `LOGS_INGESTION_STREAM must name the DCR's custom stream, e.g. Custom-HelpdeskGuard (got '${streamName}')`,
    );
  }
  return { endpoint: endpoint!, ruleId: ruleId!, streamName: streamName! };
};

const parseSyslog = (env: Env, problems: string[]): SyslogConfig | undefined => {
  const raw = value(env, 'SYSLOG_TARGET');
  if (raw === undefined) return undefined;
  // No `@` in the host: syslog has no credentials, and `user@host` is no host name.
  const match = /^(tcp|udp):\/\/(\[[0-9a-f:.]+\]|[^:/@\s]+):(\d{1,5})\/?$/i.exec(raw);
  const port = match ? Number(match[3]) : 0;
  if (!match || port < 1 || port > 65535) {
    problems.push(
      `SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got '${redactUrl(raw)}')`,
    );
    return undefined;
  }
  return { protocol: match[1].toLowerCase() as 'tcp' | 'udp', host: match[2].replace(/^\[|\]$/g, ''), port };
};

const parseWebhook = (env: Env, problems: string[]): WebhookConfig | undefined => {
  const settings = pair(env, 'EVENT_WEBHOOK_URL', 'EVENT_WEBHOOK_SECRET', problems);
  if (!settings) return undefined;
  const [url, secret] = settings;
  const urlProblem = checkUrl(
    'EVENT_WEBHOOK_URL',
    url,
    false,
    'the receiver authenticates each batch by its X-Signature-256 header (EVENT_WEBHOOK_SECRET)',
  );
  if (urlProblem) problems.push(urlProblem);
  if (secret.length < 16)
    problems.push('EVENT_WEBHOOK_SECRET must be at least 16 characters (use e.g. openssl rand -hex 32)');
  return { url, secret };
};

/**
 * Reads the event pipeline's settings from `env`. Never throws: every problem comes back
 * as a sentence with its fix, for loadConfig to report together with the others.
 */
export const parseEventsEnv = (env: Env): { config: EventsConfig; problems: string[] } => {
  const problems: string[] = [];
  const config: EventsConfig = {
    eventLogFile: value(env, 'EVENT_LOG_FILE'),
    splunk: parseSplunk(env, problems),
    logsIngestion: parseLogsIngestion(env, problems),
    syslog: parseSyslog(env, problems),
    webhook: parseWebhook(env, problems),
    maxAttempts: positiveInt(env, 'EVENT_MAX_ATTEMPTS', EVENTS_DEFAULTS.maxAttempts, problems),
    batchSize: positiveInt(env, 'EVENT_BATCH_SIZE', EVENTS_DEFAULTS.batchSize, problems),
    retryBaseMs: positiveInt(env, 'EVENT_RETRY_BASE_MS', EVENTS_DEFAULTS.retryBaseMs, problems),
    retryMaxMs: positiveInt(env, 'EVENT_RETRY_MAX_MS', EVENTS_DEFAULTS.retryMaxMs, problems),
    retryAfterMaxMs: EVENTS_DEFAULTS.retryAfterMaxMs,
    claimIdleMs: positiveInt(env, 'EVENT_CLAIM_IDLE_MS', EVENTS_DEFAULTS.claimIdleMs, problems),
    httpTimeoutMs: positiveInt(env, 'EVENT_HTTP_TIMEOUT_MS', EVENTS_DEFAULTS.httpTimeoutMs, problems),
  };
  return { config, problems };
};

/** Settings with every default: a base for tests and tools that set fields by hand. */
export const defaultEventsConfig = (overrides: Partial<EventsConfig> = {}): EventsConfig => ({
  maxAttempts: EVENTS_DEFAULTS.maxAttempts,
  batchSize: EVENTS_DEFAULTS.batchSize,
  retryBaseMs: EVENTS_DEFAULTS.retryBaseMs,
  retryMaxMs: EVENTS_DEFAULTS.retryMaxMs,
  retryAfterMaxMs: EVENTS_DEFAULTS.retryAfterMaxMs,
  claimIdleMs: EVENTS_DEFAULTS.claimIdleMs,
  httpTimeoutMs: EVENTS_DEFAULTS.httpTimeoutMs,
  ...overrides,
});
