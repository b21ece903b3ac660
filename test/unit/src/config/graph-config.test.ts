import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGraphNotificationsEnv } from '../../../../src/config/graph-config';
import { loadConfig } from '../../../../src/config/load-config';

const STATE = 'a-client-state-of-32-characters!';
const base = { GRAPH_NOTIFICATION_URL: 'https://guard.contoso.com/', GRAPH_CLIENT_STATE: STATE };
const KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n';

describe('parseGraphNotificationsEnv', () => {
  it('is off without GRAPH_NOTIFICATION_URL', () => {
    expect(parseGraphNotificationsEnv({}, false)).toEqual({ problems: [] });
  });

  it('derives both endpoint URLs from the public base URL and defaults to model A', () => {
    const { config, problems } = parseGraphNotificationsEnv(base, true);

    expect(problems).toEqual([]);
    expect(config).toEqual({
      notificationUrl: 'https://guard.contoso.com/api/graph/notifications',
      lifecycleNotificationUrl: 'https://guard.contoso.com/api/graph/lifecycle',
      clientState: STATE,
      paymentModel: 'A',
      rich: undefined,
      jwksUrl: undefined,
      lookupConcurrency: 8,
    });
  });

  it.each([
    [
      'plain HTTP on the internet',
      { GRAPH_NOTIFICATION_URL: 'http://guard.contoso.com' },
      false,
      /public HTTPS/,
    ],
    [
      'loopback HTTP in production',
      { GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:3978' },
      true,
      /public HTTPS/,
    ],
    ['no client state', { GRAPH_CLIENT_STATE: '' }, false, /GRAPH_CLIENT_STATE must be 16 to 128/],
    ['a short client state', { GRAPH_CLIENT_STATE: 'short' }, false, /GRAPH_CLIENT_STATE must be 16 to 128/],
    ['a client state over 128', { GRAPH_CLIENT_STATE: 'x'.repeat(129) }, false, /16 to 128/],
    [
      'an unknown payment model',
      { GRAPH_PAYMENT_MODEL: 'C' },
      false,
      /GRAPH_PAYMENT_MODEL must be one of A, B, evaluation/,
    ],
    ['a zero concurrency', { GRAPH_LOOKUP_CONCURRENCY: '0' }, false, /GRAPH_LOOKUP_CONCURRENCY/],
    [
      'a key without a certificate',
      { GRAPH_NOTIFICATION_PRIVATE_KEY: KEY_PEM },
      false,
      /need GRAPH_NOTIFICATION_CERTIFICATE/,
    ],
    [
      'a key file that is not there',
      { GRAPH_NOTIFICATION_PRIVATE_KEY_FILE: '/nonexistent/key.pem' },
      false,
      /cannot be read \(ENOENT\)/,
    ],
  ])('refuses %s, saying how to fix it and quoting no secret', (_case, env, production, message) => {
    const { config, problems } = parseGraphNotificationsEnv({ ...base, ...env }, production);

    expect(config).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
    expect(problems.join('\n')).not.toContain(STATE);
    expect(problems.join('\n')).not.toContain('PRIVATE KEY');
  });

  it('accepts loopback HTTP outside production (tests, a tunnel)', () => {
    expect(
      parseGraphNotificationsEnv({ ...base, GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:3978' }, false).config
        ?.notificationUrl,
    ).toBe('http://127.0.0.1:3978/api/graph/notifications');
  });

  it('reads the rich-notification key and certificate from files, the current key first, then the previous one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-graph-'));
    writeFileSync(join(dir, 'key.pem'), KEY_PEM);
    writeFileSync(join(dir, 'cert.pem'), CERT_PEM);

    const { config, problems } = parseGraphNotificationsEnv(
      {
        ...base,
        GRAPH_NOTIFICATION_PRIVATE_KEY_FILE: join(dir, 'key.pem'),
        GRAPH_NOTIFICATION_CERTIFICATE_FILE: join(dir, 'cert.pem'),
        GRAPH_NOTIFICATION_KEY_ID: 'key-2026-12',
        GRAPH_NOTIFICATION_PREVIOUS_PRIVATE_KEY: KEY_PEM.replace(/\n/g, '\\n'),
        GRAPH_NOTIFICATION_PREVIOUS_KEY_ID: 'key-2026-06',
      },
      false,
    );

    expect(problems).toEqual([]);
    expect(config?.rich).toEqual({
      certificate: CERT_PEM,
      certificateId: 'key-2026-12',
      keys: [
        { keyId: 'key-2026-12', privateKeyPem: KEY_PEM },
        { keyId: 'key-2026-06', privateKeyPem: KEY_PEM },
      ],
    });
  });

  it('refuses a key given both inline and as a file', () => {
    const { problems } = parseGraphNotificationsEnv(
      { ...base, GRAPH_NOTIFICATION_PRIVATE_KEY: KEY_PEM, GRAPH_NOTIFICATION_PRIVATE_KEY_FILE: '/x' },
      false,
    );

    expect(problems).toContain(
      'GRAPH_NOTIFICATION_PRIVATE_KEY and GRAPH_NOTIFICATION_PRIVATE_KEY_FILE are both set: set one',
    );
  });

  it('refuses a client state without a URL, through loadConfig like every other setting', () => {
    expect(() => loadConfig({ GRAPH_CLIENT_STATE: STATE })).toThrow(
      /GRAPH_CLIENT_STATE is set but GRAPH_NOTIFICATION_URL is not/,
    );
  });
});
