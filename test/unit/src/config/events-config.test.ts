import { EVENTS_DEFAULTS, parseEventsEnv } from '../../../../src/config/events-config';

const DCR = 'dcr-0123456789abcdef0123456789abcdef';

describe('parseEventsEnv', () => {
  it('turns every sink off and uses the defaults when nothing is set', () => {
    const { config, problems } = parseEventsEnv({});

    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      maxAttempts: EVENTS_DEFAULTS.maxAttempts,
      batchSize: EVENTS_DEFAULTS.batchSize,
    });
    expect([config.eventLogFile, config.splunk, config.logsIngestion, config.syslog, config.webhook]).toEqual(
      [undefined, undefined, undefined, undefined, undefined],
    );
  });

  it('reads every sink at once', () => {
    const { config, problems } = parseEventsEnv({
      EVENT_LOG_FILE: '/var/log/hg/events.jsonl',
      SPLUNK_HEC_URL: 'https://splunk:8088/services/collector/event',
      SPLUNK_HEC_TOKEN: 'dummy-hec-token',
      SPLUNK_HEC_ACK: 'true',
      LOGS_INGESTION_ENDPOINT: 'https://dce.westeurope-1.ingest.monitor.azure.com',
      LOGS_INGESTION_RULE_ID: DCR,
      LOGS_INGESTION_STREAM: 'Custom-HelpdeskGuard',
      SYSLOG_TARGET: 'tcp://siem.example.com:6514',
      EVENT_WEBHOOK_URL: 'https://soar.example.com/hook',
      EVENT_WEBHOOK_SECRET: 'dummy-secret-0123456789',
      EVENT_MAX_ATTEMPTS: '5',
    });

    expect(problems).toEqual([]);
    expect(config.splunk).toMatchObject({
      token: 'dummy-hec-token',
      ack: true,
      sourcetype: 'helpdesk_guard:event',
    });
    expect(config.logsIngestion).toEqual({
      endpoint: 'https://dce.westeurope-1.ingest.monitor.azure.com',
      ruleId: DCR,
      streamName: 'Custom-HelpdeskGuard',
    });
    expect(config.syslog).toEqual({ protocol: 'tcp', host: 'siem.example.com', port: 6514 });
    expect(config.webhook?.url).toBe('https://soar.example.com/hook');
    expect(config.maxAttempts).toBe(5);
  });

  it.each([
    [{ SYSLOG_TARGET: 'foo' }, "SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got 'foo')"],
    [
      { SYSLOG_TARGET: 'tcp://host:99999' },
      "SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got 'tcp://host:99999')",
    ],
    [
      { SPLUNK_HEC_URL: 'https://splunk:8088/services/collector/event' },
      'set SPLUNK_HEC_TOKEN too: SPLUNK_HEC_URL is set but SPLUNK_HEC_TOKEN is not',
    ],
    [
      { SPLUNK_HEC_URL: 'https://splunk:8088/', SPLUNK_HEC_TOKEN: 't' },
      "SPLUNK_HEC_URL must be the full event endpoint ending in /services/collector/event (got path '/')",
    ],
    [
      { LOGS_INGESTION_ENDPOINT: 'https://dce.example.com' },
      'set LOGS_INGESTION_RULE_ID and LOGS_INGESTION_STREAM too: the Logs Ingestion sink needs all of LOGS_INGESTION_ENDPOINT, LOGS_INGESTION_RULE_ID, LOGS_INGESTION_STREAM',
    ],
    [
      {
        LOGS_INGESTION_ENDPOINT: 'http://dce.example.com',
        LOGS_INGESTION_RULE_ID: DCR,
        LOGS_INGESTION_STREAM: 'Custom-HelpdeskGuard',
      },
      "LOGS_INGESTION_ENDPOINT must use https:// (got 'http:')",
    ],
    [
      { EVENT_WEBHOOK_URL: 'https://x/hook', EVENT_WEBHOOK_SECRET: 'short' },
      'EVENT_WEBHOOK_SECRET must be at least 16 characters (use e.g. openssl rand -hex 32)',
    ],
    [{ EVENT_MAX_ATTEMPTS: '0' }, "EVENT_MAX_ATTEMPTS must be a positive whole number (got '0')"],
    [
      {
        SPLUNK_HEC_URL: 'https://s/services/collector/event',
        SPLUNK_HEC_TOKEN: 't',
        SPLUNK_HEC_ACK: 'maybe',
      },
      "SPLUNK_HEC_ACK must be true or false (got 'maybe')",
    ],
  ])('reports %p with its fix', (env, problem) => {
    expect(parseEventsEnv(env).problems).toEqual([problem]);
  });

  it('never puts a secret into a problem', () => {
    const { problems } = parseEventsEnv({
      EVENT_WEBHOOK_URL: 'not a url',
      EVENT_WEBHOOK_SECRET: 'dummy-very-secret-value',
    });

    expect(problems).toHaveLength(1);
    expect(problems.join(' ')).not.toContain('dummy-very-secret-value');
  });
});
