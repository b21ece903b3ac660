import { createGraphClient, GraphError } from '../../../../../src/graph';
import { silentLogger } from '../../../../../src/log/logger';

const dummySubscription = (id: string) => ({
  id,
  resource: '/chats',
  changeType: 'created',
  notificationUrl: 'https://bot.contoso.com/api/graph/notifications',
  expirationDateTime: '2026-11-30T21:45:00Z',
});

/** A fetch answering each request with the next body, recording the URLs and methods. */
const fakeFetch = (...bodies: unknown[]) => {
  const calls: Array<{ url: string; method?: string }> = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), method: init?.method });
    const body = bodies.shift();
    return body === undefined
      ? new Response(null, { status: 204 })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
};

const clientWith = (fetch: typeof globalThis.fetch) =>
  createGraphClient({ tokens: { getToken: async () => 'dummy-token' }, log: silentLogger(), fetch });

describe('subscription calls', () => {
  it('follows @odata.nextLink on the same endpoint through every page', async () => {
    const { calls, fetch } = fakeFetch(
      {
        value: [dummySubscription('s1')],
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/subscriptions?$skiptoken=dummy',
      },
      { value: [dummySubscription('s2')] },
    );

    const listed = await clientWith(fetch).listSubscriptions();

    expect(listed.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(calls.map((call) => call.url)).toEqual([
      'https://graph.microsoft.com/v1.0/subscriptions',
      'https://graph.microsoft.com/v1.0/subscriptions?$skiptoken=dummy',
    ]);
  });

  it('refuses a nextLink to another host instead of sending the token there', async () => {
    const { calls, fetch } = fakeFetch({
      value: [],
      '@odata.nextLink': 'https://evil.example.com/v1.0/subscriptions',
    });

    await expect(clientWith(fetch).listSubscriptions()).rejects.toBeInstanceOf(GraphError);
    expect(calls).toHaveLength(1);
  });

  it('renews with PATCH and deletes with DELETE on the encoded subscription path', async () => {
    const { calls, fetch } = fakeFetch(dummySubscription('a/b'));
    const client = clientWith(fetch);

    await client.renewSubscription('a/b', '2026-11-30T21:45:00Z');
    await client.deleteSubscription('a/b');

    expect(calls).toEqual([
      { url: 'https://graph.microsoft.com/v1.0/subscriptions/a%2Fb', method: 'PATCH' },
      { url: 'https://graph.microsoft.com/v1.0/subscriptions/a%2Fb', method: 'DELETE' },
    ]);
  });
});
