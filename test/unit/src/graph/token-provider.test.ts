import type { AccessToken, TokenCredential } from '@azure/identity';
import {
  clientSecretTokenProvider,
  GRAPH_SCOPE,
  GraphError,
  tokenProviderFromCredential,
} from '../../../../src/graph';

const dummyTenantId = 'a1b2c3d4-e5f6-7890-1234-567890abcdef';
const dummyClientId = '11111111-2222-3333-4444-555555555555';
const dummySecret = 'dummy~client~secret~Q8x';

const fakeCredential = (getToken: TokenCredential['getToken']): TokenCredential & { scopes: unknown[] } => {
  const scopes: unknown[] = [];
  return {
    scopes,
    getToken: (scope, options) => {
      scopes.push(scope);
      return getToken(scope, options);
    },
  };
};

const described = { tenantId: dummyTenantId, clientId: dummyClientId, secrets: [dummySecret] };

describe('tokenProviderFromCredential', () => {
  it('asks for the Graph .default scope and returns the bearer token', async () => {
    const credential = fakeCredential(
      async () => ({ token: 'dummy-token', expiresOnTimestamp: Date.now() + 3_600_000 }) as AccessToken,
    );

    await expect(tokenProviderFromCredential(credential, described).getToken()).resolves.toBe('dummy-token');
    expect(credential.scopes).toEqual([GRAPH_SCOPE]);
  });

  it('asks for a national cloud scope when told', async () => {
    const credential = fakeCredential(async () => ({ token: 't', expiresOnTimestamp: 0 }) as AccessToken);

    await tokenProviderFromCredential(credential, {
      ...described,
      scope: 'https://graph.microsoft.us/.default',
    }).getToken();

    expect(credential.scopes).toEqual(['https://graph.microsoft.us/.default']);
  });

  it('wraps a failure in a GraphError naming tenant and client, with the secret blanked out', async () => {
    const credential = fakeCredential(async () => {
      throw new Error(`AADSTS7000215: Invalid client secret provided: ${dummySecret}`);
    });

    const error = await tokenProviderFromCredential(credential, described)
      .getToken()
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ code: 'graph_failed', operation: 'getToken', attempts: 0 });
    expect((error as GraphError).cause).toBeUndefined();
    const message = (error as GraphError).message;
    expect(message).toContain('AADSTS7000215');
    expect(message).toContain(dummyTenantId);
    expect(message).toContain(dummyClientId);
    expect(message).not.toContain(dummySecret);
  });

  it('refuses a credential that returns no token', async () => {
    const credential = fakeCredential(async () => null);

    await expect(tokenProviderFromCredential(credential, described).getToken()).rejects.toThrow(
      'returned no token',
    );
  });
});

describe('clientSecretTokenProvider', () => {
  it('constructs without contacting Entra', () => {
    const provider = clientSecretTokenProvider({
      tenantId: dummyTenantId,
      clientId: dummyClientId,
      clientSecret: dummySecret,
    });

    expect(typeof provider.getToken).toBe('function');
  });

  it('wraps an unreachable authority in a GraphError without the secret', async () => {
    // Port 9 on loopback refuses at once: Entra is never contacted.
    const provider = clientSecretTokenProvider({
      tenantId: dummyTenantId,
      clientId: dummyClientId,
      clientSecret: dummySecret,
      authorityHost: 'https://127.0.0.1:9',
    });

    const error = await provider.getToken().catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).operation).toBe('getToken');
    expect(`${(error as GraphError).message}\n${(error as GraphError).stack}`).not.toContain(dummySecret);
  });
});
