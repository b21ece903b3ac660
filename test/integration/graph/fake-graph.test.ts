import { DUMMY_GRAPH_TENANT_ID, DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import {
  DUMMY_ENCRYPTION_CERTIFICATE_PEM,
  startFakeGraphReceiver,
} from '../../support/fake-graph-subscriptions';

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

  describe('removeAllAccessForUser', () => {
    const chatId = '19:x@thread.v2';
    const dummyDelegatedToken = 'delegated-9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
    const dummyAnalystId = '2f4e6d8c-0b1a-4c3e-9d5f-7a8b9c0d1e2f';
    const body = {
      user: { '@odata.type': 'microsoft.graph.teamworkUserIdentity', id: dummyUserId, tenantId: 't' },
    };

    beforeEach(() => {
      graph.addChat(chatId, [{ userId: dummyUserId, tenantId: 't' }]);
    });

    const remove = (token: string, payload: unknown = body) =>
      post('/v1.0/chats/19%3Ax%40thread.v2/removeAllAccessForUser', payload, {
        authorization: `Bearer ${token}`,
      });

    it('answers 204 to a delegated token with Chat.ReadWrite.All and records the user as principal', async () => {
      graph.addDelegatedToken(dummyDelegatedToken, {
        aadObjectId: dummyAnalystId,
        tenantId: 't',
        scopes: ['User.Read', 'Chat.ReadWrite.All'],
      });

      const response = await remove(dummyDelegatedToken);

      expect(response.status).toBe(204);
      expect(graph.chatMembers(chatId)).toEqual([]);
      expect(graph.calls[0]).toMatchObject({ route: 'removeAllAccessForUser', principal: dummyAnalystId });
    });

    it('answers 403 Forbidden to the app-only token, naming the delegated permission', async () => {
      const response = await remove(DUMMY_GRAPH_TOKEN);

      expect(response.status).toBe(403);
      const answer = (await response.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe('Forbidden');
      expect(answer.error.message).toContain('delegated permission Chat.ReadWrite.All');
      expect(graph.chatMembers(chatId)).toHaveLength(1);
      expect(graph.calls[0].principal).toBe('app');
    });

    it('answers 403 to a delegated token without Chat.ReadWrite.All', async () => {
      graph.addDelegatedToken(dummyDelegatedToken, {
        aadObjectId: dummyAnalystId,
        tenantId: 't',
        scopes: ['Chat.Read'],
      });

      const response = await remove(dummyDelegatedToken);

      expect(response.status).toBe(403);
      expect(graph.chatMembers(chatId)).toHaveLength(1);
    });

    it('answers 401 to a delegated token on another route', async () => {
      graph.addDelegatedToken(dummyDelegatedToken, {
        aadObjectId: dummyAnalystId,
        tenantId: 't',
        scopes: ['Chat.ReadWrite.All'],
      });

      const response = await fetch(`${graph.url}/v1.0/users/${dummyUserId}`, {
        headers: { authorization: `Bearer ${dummyDelegatedToken}` },
      });

      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    });

    it('answers 400 without the teamworkUserIdentity type', async () => {
      graph.addDelegatedToken(dummyDelegatedToken, {
        aadObjectId: dummyAnalystId,
        tenantId: 't',
        scopes: ['Chat.ReadWrite.All'],
      });

      const response = await remove(dummyDelegatedToken, { user: { id: dummyUserId, tenantId: 't' } });

      expect(response.status).toBe(400);
      expect(graph.chatMembers(chatId)).toHaveLength(1);
    });
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

/** The subscription part: what it refuses and that the handshake is real HTTP. */
describe('FakeGraph subscriptions', () => {
  const hour = 60 * 60_000;
  let graph: FakeGraph;
  let receiver: Awaited<ReturnType<typeof startFakeGraphReceiver>>;
  let clock: number;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${graph.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${DUMMY_GRAPH_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const dummySubscription = (overrides: Record<string, unknown> = {}) => ({
    changeType: 'created',
    notificationUrl: receiver.notificationUrl,
    lifecycleNotificationUrl: receiver.lifecycleNotificationUrl,
    resource: '/chats/getAllMembers?model=A',
    expirationDateTime: new Date(clock + 48 * hour).toISOString(),
    clientState: 'dummy-client-state-4b1e',
    ...overrides,
  });

  /** A 201 carries the subscription, a 4xx the error; tests read what their status has. */
  interface Answered {
    id: string;
    expirationDateTime: string;
    error: { code: string; message: string };
  }

  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await call('POST', '/v1.0/subscriptions', dummySubscription(overrides));
    return { status: response.status, body: (await response.json()) as Answered };
  };

  beforeEach(async () => {
    clock = Date.parse('2026-11-27T22:00:00Z');
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { now: () => clock }).start();
    receiver = await startFakeGraphReceiver();
  });

  afterEach(async () => {
    await receiver.stop();
    await graph.stop();
  });

  it('validates both URLs over HTTP with a token that must come back decoded, then answers 201', async () => {
    const { status, body } = await create();

    expect(status).toBe(201);
    expect(body).toMatchObject({
      resource: '/chats/getAllMembers?model=A',
      changeType: 'created',
      lifecycleNotificationUrl: receiver.lifecycleNotificationUrl,
      expirationDateTime: new Date(clock + 48 * hour).toISOString(),
    });
    expect(graph.subscriptions.validations.map((v) => [v.url, v.ok])).toEqual([
      [receiver.notificationUrl, true],
      [receiver.lifecycleNotificationUrl, true],
    ]);
    expect(graph.subscriptions.validations[0].token).toMatch(/ .*:/);
    expect(graph.subscriptions.get(body.id)?.paymentModel).toBe('A');
  });

  it.each(['encoded', 'json'] as const)('refuses with 400 when the handshake answer is %s', async (mode) => {
    receiver.control.handshake = mode;

    const { status, body } = await create();

    expect(status).toBe(400);
    expect(body.error.message).toContain('validation request failed');
    expect(graph.subscriptions.list()).toEqual([]);
  });

  it('refuses with 400 when the endpoint does not answer the handshake in time', async () => {
    receiver.control.handshake = 'silent';
    graph.subscriptions.validationTimeoutMs = 200;

    const { status } = await create();

    expect(status).toBe(400);
    expect(graph.subscriptions.validations[0].error).toBeDefined();
  });

  it('refuses an expiry beyond the documented 4,320 minutes with ExtensionError', async () => {
    const { status, body } = await create({
      expirationDateTime: new Date(clock + 4_321 * 60_000).toISOString(),
    });

    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'ExtensionError',
      message: 'Subscription expiration can only be 4320 minutes in the future.',
    });
  });

  it('requires a lifecycleNotificationUrl beyond one hour, not within it', async () => {
    const long = await create({ lifecycleNotificationUrl: undefined });
    const short = await create({
      lifecycleNotificationUrl: undefined,
      expirationDateTime: new Date(clock + 50 * 60_000).toISOString(),
    });

    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('lifecycleNotificationUrl is a required property');
    expect(short.status).toBe(201);
  });

  it('puts /chats/getAllMembers without a model in evaluation mode and refuses a model on /chats', async () => {
    const evaluation = await create({ resource: '/chats/getAllMembers' });
    const chatsWithModel = await create({ resource: '/chats?model=A' });

    expect(graph.subscriptions.get(evaluation.body.id)?.paymentModel).toBe('evaluation');
    expect(chatsWithModel.status).toBe(400);
  });

  it('takes a base64 DER certificate for resource data and refuses it with its PEM armour', async () => {
    const der = DUMMY_ENCRYPTION_CERTIFICATE_PEM.replace(/-----[A-Z ]+-----|\s/g, '');
    const rich = { includeResourceData: true, encryptionCertificateId: 'dummy-cert-1' };

    const good = await create({ ...rich, encryptionCertificate: der });
    const armoured = await create({ ...rich, encryptionCertificate: DUMMY_ENCRYPTION_CERTIFICATE_PEM });

    expect(good.status).toBe(201);
    expect(armoured.status).toBe(400);
  });

  it('renews (200), reauthorizes (204), lists, deletes (204), then answers 404', async () => {
    const { body } = await create();
    const path = `/v1.0/subscriptions/${body.id}`;
    const later = new Date(clock + 70 * hour).toISOString();

    const renewed = await call('PATCH', path, { expirationDateTime: later });
    const reauthorized = await call('POST', `${path}/reauthorize`);
    const listed = (await (await call('GET', '/v1.0/subscriptions')).json()) as { value: unknown[] };
    const deleted = await call('DELETE', path);
    const again = await call('PATCH', path, { expirationDateTime: later });

    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({ expirationDateTime: later });
    expect(reauthorized.status).toBe(204);
    expect(listed.value).toHaveLength(1);
    expect(deleted.status).toBe(204);
    expect(again.status).toBe(404);
  });

  it('forgets a subscription once its expiry has passed', async () => {
    const { body } = await create({ expirationDateTime: new Date(clock + 2 * hour).toISOString() });

    clock += 2 * hour;

    expect((await call('GET', `/v1.0/subscriptions/${body.id}`)).status).toBe(404);
  });

  it('posts lifecycle notifications in the documented shape; subscriptionRemoved removes first', async () => {
    const { body } = await create();

    const status = await graph.subscriptions.sendLifecycle(body.id, 'subscriptionRemoved');

    expect(status).toBe(202);
    expect(receiver.lifecycleBodies).toEqual([
      {
        value: [
          {
            subscriptionId: body.id,
            subscriptionExpirationDateTime: body.expirationDateTime,
            tenantId: DUMMY_GRAPH_TENANT_ID,
            clientState: 'dummy-client-state-4b1e',
            lifecycleEvent: 'subscriptionRemoved',
          },
        ],
      },
    ]);
    expect(graph.subscriptions.get(body.id)).toBeUndefined();
  });

  it('answers a failure scripted for one route and serves the others', async () => {
    graph.failNextTo('createSubscription', 429, { 'Retry-After': '7' });

    const listed = await call('GET', '/v1.0/subscriptions');
    const throttled = await call('POST', '/v1.0/subscriptions', dummySubscription());

    expect(listed.status).toBe(200);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
  });
});
