import { loadConfig } from '../../../../src/config/load-config';
import { isGuardError } from '../../../../src/errors';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('PUBLIC_BASE_URL', () => {
  it('is unset by default: cards carry their pictures as data: URIs', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
  });

  it.each([
    ['https://helpdesk-guard.contoso.com', 'https://helpdesk-guard.contoso.com'],
    ['https://helpdesk-guard.contoso.com/', 'https://helpdesk-guard.contoso.com'],
    ['  https://guard.contoso.com:8443  ', 'https://guard.contoso.com:8443'],
    ['http://localhost:3978', 'http://localhost:3978'],
  ])('accepts %j as the origin %j', (raw, origin) => {
    expect(loadConfig({ PUBLIC_BASE_URL: raw }).publicBaseUrl).toBe(origin);
  });

  it.each([
    ['plain http', 'http://guard.contoso.com'],
    ['no URL at all', 'guard.contoso.com'],
    ['a path', 'https://guard.contoso.com/bot'],
    ['a query', 'https://guard.contoso.com/?a=1'],
    ['credentials', 'https://user:pass@guard.contoso.com'],
    ['another scheme', 'ftp://guard.contoso.com'],
  ])('refuses %s, with the fix', (_what, raw) => {
    const err = thrown(() => loadConfig({ PUBLIC_BASE_URL: raw }));

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toContain("PUBLIC_BASE_URL must be the bot's public HTTPS origin");
  });

  it('refuses a loopback http:// origin in production', () => {
    const err = thrown(() =>
      loadConfig({
        NODE_ENV: 'production',
        MicrosoftAppId: 'app',
        MicrosoftAppPassword: 'secret',
        HOME_TENANT_ID: '0d2f0b8e-1c7a-4d55-9a32-6f0c1b2e3d4f',
        VERIFICATION_SECRET: 'x'.repeat(32),
        PUBLIC_BASE_URL: 'http://localhost:3978',
      }),
    );

    expect((err as Error).message).toContain('PUBLIC_BASE_URL');
  });
});
