import { loadConfig } from '../../../../src/config/load-config';
import { isGuardError } from '../../../../src/errors';

const DCR = 'dcr-0123456789abcdef0123456789abcdef';
const WEBHOOK_SECRET = 'dummy-webhook-secret-0123456789';

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadConfig to throw');
};

describe('loadConfig: URLs with credentials in invalid settings', () => {
  it.each([
    [
      { EVENT_WEBHOOK_URL: 'ftp://user:PASSWORD@host/x?sig=SIGSECRET', EVENT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      "EVENT_WEBHOOK_URL must start with https:// or http:// (got 'ftp://[redacted]@host/x?sig=[redacted]')",
    ],
    [
      {
        EVENT_WEBHOOK_URL: 'http://user:PASSWORD@host/x?sig=SIGSECRET',
        EVENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      "EVENT_WEBHOOK_URL must not contain a user name or password (got 'http://[redacted]@host/x?sig=[redacted]')",
    ],
    [
      { EVENT_WEBHOOK_URL: 'http://user:PASSWORD@host:99999/x', EVENT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      "EVENT_WEBHOOK_URL must be an absolute URL such as https://host/path (got 'http://[redacted]@host:99999/x')",
    ],
    [
      { SYSLOG_TARGET: 'tcp://user:PASSWORD@siem.example.com' },
      "SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got 'tcp://[redacted]@siem.example.com')",
    ],
    [
      { SYSLOG_TARGET: 'tls://user:PASSWORD@siem.example.com:6514' },
      "SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got 'tls://[redacted]@siem.example.com:6514')",
    ],
    [
      { SYSLOG_TARGET: 'tcp://user:PASSWORD@siem.example.com:6514' },
      "SYSLOG_TARGET must look like tcp://host:port or udp://host:port (got 'tcp://[redacted]@siem.example.com:6514')",
    ],
    [
      {
        SPLUNK_HEC_URL: 'https://user:PASSWORD@splunk:8088/services/collector/event',
        SPLUNK_HEC_TOKEN: 'dummy-hec-token',
      },
      'SPLUNK_HEC_URL must not contain a user name or password',
    ],
    [
      {
        LOGS_INGESTION_ENDPOINT: 'https://user:PASSWORD@dce.westeurope-1.ingest.monitor.azure.com',
        LOGS_INGESTION_RULE_ID: DCR,
        LOGS_INGESTION_STREAM: 'Custom-HelpdeskGuard',
      },
      'LOGS_INGESTION_ENDPOINT must not contain a user name or password',
    ],
    [{ REDIS_URL: 'redis://:PASSWORD@host:99999' }, 'REDIS_URL must be a valid URL'],
    [{ GRAPH_ENDPOINT: 'https://user:PASSWORD@[::1' }, 'GRAPH_ENDPOINT must be a URL'],
  ])('names the setting and the problem, never the password: %j', (env, problem) => {
    const err = errorOf(() => loadConfig(env));

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect(err.message).toContain(problem);
    expect(err.message).not.toMatch(/PASSWORD|SIGSECRET/);
  });

  it('reports them all at once, none with its password', () => {
    const err = errorOf(() =>
      loadConfig({
        EVENT_WEBHOOK_URL: 'ftp://user:PASSWORD@host/x',
        EVENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SYSLOG_TARGET: 'tcp://user:PASSWORD@host',
        REDIS_URL: 'redis://:PASSWORD@host:99999',
      }),
    );

    expect(err.message).toContain('Invalid configuration (3 problems)');
    expect(err.message).not.toContain('PASSWORD');
  });

  it('keeps accepting a Redis password in REDIS_URL', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://default:dummy-password@cache.example.com:6380' }).redisUrl).toBe(
      'rediss://default:dummy-password@cache.example.com:6380',
    );
  });
});
