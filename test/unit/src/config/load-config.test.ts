import {
  DEFAULT_PROFILE,
  detectionSettingsOf,
  parseHelpdeskProfile,
} from '../../../../src/config/helpdesk-profile';
import { LOCAL_TENANT_ID, loadConfig } from '../../../../src/config/load-config';
import { isGuardError } from '../../../../src/errors';

const TENANT = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';
const SECRET = 'a'.repeat(40);

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadConfig to throw');
};

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment: local mode, memory, port 3978', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3978);
    expect(config.bot).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.homeTenantId).toBe(LOCAL_TENANT_ID);
    expect(config.signalWebhookSecret).toBeUndefined();
  });

  it('returns a frozen config, nested lists included', () => {
    const config = loadConfig({ TRUSTED_TENANT_IDS: TENANT });

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.trustedTenantIds)).toBe(true);
  });

  it('parses comma lists, trimming and lower-casing IDs', () => {
    const config = loadConfig({
      TRUSTED_TENANT_IDS: ` ${TENANT.toUpperCase()} , 7c9e6679-7425-40de-944b-e07fc1f90ae7,`,
    });

    expect(config.trustedTenantIds).toEqual([TENANT, '7c9e6679-7425-40de-944b-e07fc1f90ae7']);
  });

  it('reports every invalid setting in one error with its fix', () => {
    const err = errorOf(() =>
      loadConfig({
        PORT: 'eighty',
        REDIS_URL: 'localhost:6379',
        HELPDESK_STAFF_IDS: 'bob',
        SIGNAL_WEBHOOK_SECRET: 'short',
      }),
    );

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('REDIS_URL must start with redis://');
    expect(err.message).toContain('HELPDESK_STAFF_IDS must be a comma-separated list of Entra object IDs');
    expect(err.message).toContain('SIGNAL_WEBHOOK_SECRET must be at least 32 characters');
  });

  it('refuses production without credentials, naming each missing setting', () => {
    const err = errorOf(() => loadConfig({ NODE_ENV: 'production' }));

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect(err.message).toContain('MicrosoftAppId is required in production');
    expect(err.message).toContain('MicrosoftAppPassword is required in production');
    expect(err.message).toContain(
      'HOME_TENANT_ID is required in production: set HOME_TENANT_ID to your Entra tenant ID',
    );
    expect(err.message).toContain('VERIFICATION_SECRET is required in production');
  });

  it('accepts production with credentials, tenant and secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098',
      MicrosoftAppPassword: 'secret',
      HOME_TENANT_ID: TENANT,
      VERIFICATION_SECRET: SECRET,
    });

    expect(config.production).toBe(true);
    expect(config.bot).toEqual(expect.objectContaining({ appType: 'MultiTenant' }));
  });

  it('asks for the password when only the app ID is set', () => {
    const err = errorOf(() => loadConfig({ MicrosoftAppId: '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098' }));

    expect(err.message).toContain('MicrosoftAppPassword is missing');
  });

  it('needs the tenant of a SingleTenant bot', () => {
    const err = errorOf(() =>
      loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' }),
    );

    expect(err.message).toContain('MicrosoftAppTenantId is missing');
  });

  it('needs the client ID and tenant of a managed identity, before the SDK would stop the bot', () => {
    const err = errorOf(() => loadConfig({ MicrosoftAppType: 'UserAssignedMSI' }));

    expect(err.message).toContain('MicrosoftAppId is missing');
    expect(err.message).toContain(
      'MicrosoftAppTenantId is missing: a UserAssignedMSI bot needs its tenant ID',
    );
    expect(
      loadConfig({
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098',
        MicrosoftAppTenantId: '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f',
      }).bot,
    ).toEqual(expect.objectContaining({ appType: 'UserAssignedMSI' }));
    const withSecret = errorOf(() =>
      loadConfig({
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098',
        MicrosoftAppTenantId: '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f',
        MicrosoftAppPassword: 'left-over-secret',
      }),
    );
    expect(withSecret.message).toContain('MicrosoftAppPassword must be unset with UserAssignedMSI');
    expect(withSecret.message).not.toContain('left-over-secret');
  });

  it('never puts a secret value in its error', () => {
    const err = errorOf(() =>
      loadConfig({
        MicrosoftAppPassword: 'hunter2-very-secret',
        PORT: 'x',
        SIGNAL_WEBHOOK_SECRET: 'tiny-secret',
      }),
    );

    expect(err.message).not.toContain('hunter2-very-secret');
    expect(err.message).not.toContain('tiny-secret');
  });

  it.each([
    ['DETECTION_THRESHOLD', '1.5'],
    ['CAMPAIGN_MIN_USERS', '0'],
    ['SECURITY_CHANNEL_ID', 'general'],
    ['HOME_TENANT_ID', 'contoso.com'],
  ])('refuses %s=%p', (name, value) => {
    expect(errorOf(() => loadConfig({ [name]: value })).message).toContain(name);
  });
});

describe('DETECTION_THRESHOLD and the profile', () => {
  it('is left unset when not given, so the profile threshold applies; when given, it wins', () => {
    const profile = parseHelpdeskProfile({ ...DEFAULT_PROFILE, detection: { threshold: 0.7 } });

    expect(loadConfig({}).detectionThreshold).toBeUndefined();
    expect(detectionSettingsOf(profile, loadConfig({}).detectionThreshold).threshold).toBe(0.7);
    expect(
      detectionSettingsOf(profile, loadConfig({ DETECTION_THRESHOLD: '0.6' }).detectionThreshold).threshold,
    ).toBe(0.6);
  });
});
