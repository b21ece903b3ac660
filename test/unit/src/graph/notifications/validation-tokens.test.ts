import { SignJWT } from 'jose';
import {
  createValidationTokenCheck,
  GRAPH_CHANGE_TRACKING_APP_ID,
} from '../../../../../src/graph/notifications';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from '../../../../support/activities';
import {
  DUMMY_APP_ID,
  startFakeMicrosoftIdentity,
  type FakeMicrosoftIdentity,
} from '../../../../support/graph-notification-builder';

describe('createValidationTokenCheck', () => {
  let identity: FakeMicrosoftIdentity;
  const checker = () =>
    createValidationTokenCheck({
      appId: DUMMY_APP_ID,
      tenantId: DUMMY_HOME_TENANT,
      jwksUrl: identity.jwksUrl,
    });

  beforeAll(async () => {
    identity = await startFakeMicrosoftIdentity();
  });

  afterAll(async () => {
    await identity.stop();
  });

  it('accepts a token Graph would send', async () => {
    const token = await identity.validationToken();

    expect(await checker().checkTokens([token])).toEqual({ ok: true });
  });

  it.each([
    ['a v2.0 issuer', { iss: `https://login.microsoftonline.com/${DUMMY_HOME_TENANT}/v2.0` }],
    ['azp instead of appid (v2.0 tokens)', { appid: undefined, azp: GRAPH_CHANGE_TRACKING_APP_ID }],
    ['no tid claim', { tid: undefined }],
  ])('accepts %s', async (_name, claims) => {
    const token = await identity.validationToken({ claims });

    expect(await checker().checkTokens([token])).toEqual({ ok: true });
  });

  it('tolerates a clock 5 minutes behind', async () => {
    const token = await identity.validationToken({ expiresInSeconds: -240 });

    expect(await checker().checkTokens([token])).toEqual({ ok: true });
  });

  it.each([
    ['an expired token', { expiresInSeconds: -301 }, 'the token has expired'],
    ['a token not valid yet', { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }, '(nbf)'],
    ['a token without exp', { claims: { exp: undefined } }, '(exp)'],
    ['another audience', { claims: { aud: '11111111-2222-4333-8444-555555555555' } }, '(aud)'],
    ['another appid', { claims: { appid: '11111111-2222-4333-8444-555555555555' } }, '(appid/azp)'],
    ['another azp', { claims: { azp: '11111111-2222-4333-8444-555555555555' } }, '(appid/azp)'],
    ['no appid nor azp', { claims: { appid: undefined } }, 'names no publishing app'],
    ['another tenant in iss', { claims: { iss: `https://sts.windows.net/${DUMMY_OTHER_TENANT}/` } }, '(iss)'],
    ['another authority', { claims: { iss: `https://sts.example.com/${DUMMY_HOME_TENANT}/` } }, '(iss)'],
    ['another tenant in tid', { claims: { tid: DUMMY_OTHER_TENANT } }, '(tid)'],
    ['a signature by another key', { signer: 'stranger' as const }, 'signature is not valid'],
    ['an unknown key ID', { kid: 'not-published' }, 'unknown key'],
  ])('refuses %s, with a reason', async (_name, options, reason) => {
    const token = await identity.validationToken(options);

    const result = await checker().checkTokens([token]);

    expect(result).toEqual({ ok: false, retryable: false, reason: expect.stringContaining(reason) });
  });

  it('refuses an HMAC-signed token (only RS256 is allowed)', async () => {
    const token = await new SignJWT({ aud: DUMMY_APP_ID, appid: GRAPH_CHANGE_TRACKING_APP_ID })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(32)));

    expect(await checker().checkTokens([token])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('algorithm'),
    });
  });

  it.each([
    ['no tokens', undefined, 'no validation tokens'],
    ['an empty list', [], 'no validation tokens'],
    ['a string that is not a JWT', ['not.a.jwt'], 'not a valid JWT'],
    ['too many tokens', Array.from({ length: 17 }, () => 'a.b.c'), 'more than 16'],
  ])('refuses %s', async (_name, tokens, reason) => {
    expect(await checker().checkTokens(tokens)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });

  it('refuses the collection when any one token fails, and says which', async () => {
    const tokens = [
      await identity.validationToken(),
      await identity.validationToken({ expiresInSeconds: -600 }),
    ];

    expect(await checker().checkTokens(tokens)).toMatchObject({
      ok: false,
      reason: 'validation token 2: the token has expired',
    });
  });

  it('fetches the key set once for many checks', async () => {
    const check = checker();
    const before = identity.keyFetches;

    await check.checkTokens([await identity.validationToken()]);
    await check.checkTokens([await identity.validationToken(), await identity.validationToken()]);

    expect(identity.keyFetches - before).toBe(1);
  });

  it('answers retryable when the keys cannot be fetched, and holds off refetching', async () => {
    const check = checker();
    const token = await identity.validationToken();
    identity.setAvailable(false);
    try {
      const first = await check.checkTokens([token]);
      const fetches = identity.keyFetches;
      const second = await check.checkTokens([token]);

      expect(first).toMatchObject({ ok: false, retryable: true });
      expect(second).toMatchObject({ ok: false, retryable: true });
      expect(identity.keyFetches).toBe(fetches);
    } finally {
      identity.setAvailable(true);
    }
  });

  it('never throws when the key server is unreachable', async () => {
    const check = createValidationTokenCheck({
      appId: DUMMY_APP_ID,
      tenantId: DUMMY_HOME_TENANT,
      jwksUrl: 'http://127.0.0.1:9/keys',
    });

    await expect(check.checkTokens([await identity.validationToken()])).resolves.toMatchObject({
      retryable: true,
    });
    await expect(check.prefetchKeys()).rejects.toThrow();
  });
});
