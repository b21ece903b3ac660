import { isGuardError } from '../../../../src/errors';
import { createGraphClient, GraphError } from '../../../../src/graph';
import { silentLogger } from '../../../../src/log/logger';

interface FakeFetchCall {
  url: string;
  init?: RequestInit;
}

/** A fetch that records requests and answers each with the next scripted response. */
const fakeFetch = (...answers: Array<() => Response>) => {
  const calls: FakeFetchCall[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    const next = answers.shift();
    if (!next) throw new Error('fakeFetch: no answer scripted');
    return next();
  }) as typeof globalThis.fetch;
  return { calls, fetch };
};

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const dummyTokens = { getToken: async () => 'dummy-token' };

describe('createGraphClient', () => {
  it('refuses an endpoint that is not a URL, as a config error', () => {
    let thrown: unknown;
    try {
      createGraphClient({ endpoint: 'graph.microsoft.com', tokens: dummyTokens, log: silentLogger() });
    } catch (err) {
      thrown = err;
    }

    expect(isGuardError(thrown, 'config_invalid')).toBe(true);
  });

  it('calls https://graph.microsoft.com by default', async () => {
    const { calls, fetch } = fakeFetch(json(200, { id: 'u1' }));

    await createGraphClient({ tokens: dummyTokens, log: silentLogger(), fetch }).getUser('u1');

    expect(calls[0].url).toBe(
      'https://graph.microsoft.com/v1.0/users/u1?$select=id,displayName,userPrincipalName',
    );
  });

  it('binds the catalog app on the national cloud endpoint it calls', async () => {
    const { calls, fetch } = fakeFetch(() => new Response(null, { status: 201 }));

    await createGraphClient({
      endpoint: 'https://graph.microsoft.us/',
      tokens: dummyTokens,
      log: silentLogger(),
      fetch,
    }).installAppForUser('u1', 'app-1');

    expect(calls[0].url).toBe('https://graph.microsoft.us/v1.0/users/u1/teamwork/installedApps');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      'teamsApp@odata.bind': 'https://graph.microsoft.us/v1.0/appCatalogs/teamsApps/app-1',
    });
  });

  it('makes no request for an empty group list', async () => {
    const { calls, fetch } = fakeFetch();

    await expect(
      createGraphClient({ tokens: dummyTokens, log: silentLogger(), fetch }).checkMemberGroups('u1', []),
    ).resolves.toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('rejects a checkMemberGroups answer without a string array', async () => {
    const { fetch } = fakeFetch(json(200, { value: 'g1' }));

    await expect(
      createGraphClient({ tokens: dummyTokens, log: silentLogger(), fetch }).checkMemberGroups('u1', ['g1']),
    ).rejects.toBeInstanceOf(GraphError);
  });

  it('keeps an excerpt of a non-JSON error body in the message', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));

    await expect(
      createGraphClient({ tokens: dummyTokens, log: silentLogger(), fetch }).getUser('u1'),
    ).rejects.toThrow(/failed: 502: <html>Bad Gateway<\/html>/);
  });
});
