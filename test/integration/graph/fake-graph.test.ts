import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';

const dummyUserId = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const dummyCatalogAppId = 'a6b63365-31a4-4f43-92ec-710b71557af9';

/** The fake's own contract, so bot tests can trust what it refuses. */
describe('FakeGraph', () => {
  let graph: FakeGraph;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${graph.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DUMMY_GRAPH_TOKEN}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph
      .addUser({ id: dummyUserId, userPrincipalName: 'adele@contoso.com' })
      .addCatalogApp(dummyCatalogAppId);
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('lists chat members as aadUserConversationMember objects, 404 for an unknown chat, 403 without permission', async () => {
    const chatId =
      '19:87d349ed-44d7-43e1-9a83-5f2406dee5bd_e5f6a7b8-0000-4000-8000-00000000beef@unq.gbl.spaces';
    graph.addChat(chatId, [
      { userId: dummyUserId, tenantId: '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f', displayName: 'Adele Vance' },
    ]);
    const get = (id: string) =>
      fetch(`${graph.url}/v1.0/chats/${encodeURIComponent(id)}/members`, {
        headers: { authorization: `Bearer ${DUMMY_GRAPH_TOKEN}` },
      });

    const listed = await get(chatId);
    const unknown = await get('19:missing@unq.gbl.spaces');
    graph.withoutPermission('listChatMembers');
    const denied = await get(chatId);

    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({
      value: [
        {
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          userId: dummyUserId,
          displayName: 'Adele Vance',
        },
      ],
    });
    expect(unknown.status).toBe(404);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'Forbidden' } });
  });

  it('answers 401 InvalidAuthenticationToken without a bearer token', async () => {
    const response = await fetch(`${graph.url}/v1.0/users/${dummyUserId}`);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
    });
    expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [
      'a bind to another catalog path',
      { 'teamsApp@odata.bind': `https://example.com/v1.0/appCatalogs/teamsApps/${dummyCatalogAppId}` },
    ],
    ['a bare app ID', { teamsApp: dummyCatalogAppId }],
    ['extra properties', { 'teamsApp@odata.bind': 'x', extra: true }],
  ])('answers 400 to an install with %s', async (_case, body) => {
    const response = await post(`/v1.0/users/${dummyUserId}/teamwork/installedApps`, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('answers 415 to a POST that is not JSON', async () => {
    const response = await post(`/v1.0/users/${dummyUserId}/checkMemberGroups`, '{"groupIds":["g"]}', {
      'content-type': 'text/plain',
    });

    expect(response.status).toBe(415);
  });

  it('answers 400 to checkMemberGroups with more than 20 IDs', async () => {
    const response = await post(`/v1.0/users/${dummyUserId}/checkMemberGroups`, {
      groupIds: Array.from({ length: 21 }, (_, index) => `g${index}`),
    });

    expect(response.status).toBe(400);
  });

  it('answers 400 to /users/$x, as Graph does for a key starting with $', async () => {
    const response = await fetch(`${graph.url}/v1.0/users/$adm@contoso.com`, {
      headers: { authorization: `Bearer ${DUMMY_GRAPH_TOKEN}` },
    });

    expect(response.status).toBe(400);
  });

  it('answers 400 to removeAllAccessForUser without the teamworkUserIdentity type', async () => {
    graph.addChat('19:x@thread.v2', [{ userId: dummyUserId, tenantId: 't' }]);

    const response = await post('/v1.0/chats/19%3Ax%40thread.v2/removeAllAccessForUser', {
      user: { id: dummyUserId, tenantId: 't' },
    });

    expect(response.status).toBe(400);
    expect(graph.chatMembers('19:x@thread.v2')).toHaveLength(1);
  });

  it('answers scripted failures in order with their headers, then serves normally', async () => {
    graph.failNext(429, { 'Retry-After': '3' }).failNext(503);
    const get = () =>
      fetch(`${graph.url}/v1.0/users/${dummyUserId}`, {
        headers: { authorization: `Bearer ${DUMMY_GRAPH_TOKEN}` },
      });

    const first = await get();
    const second = await get();
    const third = await get();

    expect([first.status, second.status, third.status]).toEqual([429, 503, 200]);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(await first.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect(graph.calls.map((call) => call.route)).toEqual(['getUser', 'getUser', 'getUser']);
  });

  it('returns only the $select-ed properties of a user', async () => {
    const response = await fetch(`${graph.url}/v1.0/users/adele%40contoso.com?$select=id`, {
      headers: { authorization: `Bearer ${DUMMY_GRAPH_TOKEN}` },
    });

    const body = (await response.json()) as Record<string, unknown>;
    expect(body.id).toBe(dummyUserId);
    expect(body).not.toHaveProperty('userPrincipalName');
  });
});
