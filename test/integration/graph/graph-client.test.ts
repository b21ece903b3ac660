import { Writable } from 'node:stream';
import { createGraphClient, type GraphClient, GraphError, type GraphClientOptions } from '../../../src/graph';
import { createLogger } from '../../../src/log/logger';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';

const dummyUserId = '5b649834-7412-4cce-9e69-176e95a394f5';
const dummyUpn = 'alice@contoso.com';
const dummyCatalogAppId = '12345678-9abc-def0-1234-56789abcdef0';
const dummyTenantId = 'a1b2c3d4-e5f6-7890-1234-567890abcdef';
const dummyExternalUserId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const dummyExternalTenantId = '0d9f5e4c-3b2a-4190-8f7e-6d5c4b3a2910';
const dummyChatId = '19:abc_def@unq.gbl.spaces';
const dummyGroups = {
  helpdesk: 'f448435d-3ca7-4073-8152-a1fd73c0fd09',
  staff: 'bd7c6263-4dd5-4ae8-8c96-556e1c0bece6',
};

const captureLog = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, log: createLogger({ level: 'debug', destination }) };
};

const rejectionOf = async (promise: Promise<unknown>): Promise<GraphError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError, the call succeeded');
};

describe('createGraphClient against FakeGraph', () => {
  let graph: FakeGraph;
  let logged: ReturnType<typeof captureLog>;

  const clientFor = (overrides: Partial<GraphClientOptions> = {}): GraphClient =>
    createGraphClient({
      endpoint: overrides.endpoint ?? graph.url,
      tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
      log: logged.log,
      backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs: 5_000 },
      ...overrides,
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph
      .addUser({ id: dummyUserId, userPrincipalName: dummyUpn, displayName: 'Alice Example' })
      .addCatalogApp(dummyCatalogAppId)
      .addGroup(dummyGroups.staff, [dummyUserId])
      .addGroup(dummyGroups.helpdesk, [dummyGroups.staff])
      .addChat(dummyChatId, [
        { userId: dummyUserId, tenantId: dummyTenantId },
        { userId: dummyExternalUserId, tenantId: dummyExternalTenantId },
      ]);
    logged = captureLog();
  });

  afterEach(async () => {
    await graph.stop();
  });

  describe('installAppForUser', () => {
    it('posts the catalog app binding for the user, with the bearer token, and answers installed on 201', async () => {
      const result = await clientFor().installAppForUser(dummyUserId, dummyCatalogAppId);

      expect(result).toBe('installed');
      const [call] = graph.calls;
      expect(call).toMatchObject({
        method: 'POST',
        url: `/v1.0/users/${dummyUserId}/teamwork/installedApps`,
        authorization: `Bearer ${DUMMY_GRAPH_TOKEN}`,
        contentType: 'application/json; charset=utf-8',
        status: 201,
        body: { 'teamsApp@odata.bind': `${graph.url}/v1.0/appCatalogs/teamsApps/${dummyCatalogAppId}` },
      });
      expect(graph.installedApps(dummyUserId)).toEqual([dummyCatalogAppId]);
    });

    it('answers already_installed on 409', async () => {
      graph.preinstall(dummyUserId, dummyCatalogAppId);

      await expect(clientFor().installAppForUser(dummyUserId, dummyCatalogAppId)).resolves.toBe(
        'already_installed',
      );
      expect(graph.calls.map((call) => call.status)).toEqual([409]);
    });

    it('throws a GraphError with status 404 for an unknown user', async () => {
      const error = await rejectionOf(
        clientFor().installAppForUser('00000000-0000-0000-0000-000000000000', dummyCatalogAppId),
      );

      expect(error).toMatchObject({
        code: 'graph_failed',
        status: 404,
        graphCode: 'Request_ResourceNotFound',
        attempts: 1,
      });
    });

    it('says which application permission to grant when Graph answers 403', async () => {
      graph.failNext(403, undefined, {
        code: 'Forbidden',
        message: 'Missing role permissions on the request.',
      });

      const error = await rejectionOf(clientFor().installAppForUser(dummyUserId, dummyCatalogAppId));

      expect(error.status).toBe(403);
      expect(error.graphCode).toBe('Forbidden');
      expect(error.message).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
      expect(error.message).toContain('admin-consent');
    });
  });

  describe('checkMemberGroups', () => {
    it('posts the group IDs and returns the transitive subset, in input order', async () => {
      const unrelated = '93670da6-d731-4366-94b5-abed40b6016b';

      const result = await clientFor().checkMemberGroups(dummyUserId, [
        unrelated,
        dummyGroups.helpdesk,
        dummyGroups.staff,
      ]);

      expect(result).toEqual([dummyGroups.helpdesk, dummyGroups.staff]);
      expect(graph.calls[0]).toMatchObject({
        method: 'POST',
        url: `/v1.0/users/${dummyUserId}/checkMemberGroups`,
        body: { groupIds: [unrelated, dummyGroups.helpdesk, dummyGroups.staff] },
        status: 200,
      });
    });

    it('splits more than 20 group IDs into requests of at most 20', async () => {
      const many = Array.from(
        { length: 45 },
        (_, index) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
      );

      const result = await clientFor().checkMemberGroups(dummyUserId, [...many, dummyGroups.staff]);

      expect(result).toEqual([dummyGroups.staff]);
      expect(graph.calls.map((call) => (call.body as { groupIds: string[] }).groupIds.length)).toEqual([
        20, 20, 6,
      ]);
    });

    it('returns [] for an unknown user (404)', async () => {
      await expect(
        clientFor().checkMemberGroups('unknown@contoso.com', [dummyGroups.staff]),
      ).resolves.toEqual([]);
      expect(graph.calls[0].status).toBe(404);
    });

    it('names both permissions it needs when Graph answers 403', async () => {
      graph.failNext(403);

      const error = await rejectionOf(clientFor().checkMemberGroups(dummyUserId, [dummyGroups.staff]));

      expect(error.message).toContain('User.Read.All and GroupMember.Read.All');
    });
  });

  describe('getUser', () => {
    it('gets a user by UPN, URL-encoded, selecting the three fields', async () => {
      const user = await clientFor().getUser(dummyUpn);

      expect(user).toEqual({ id: dummyUserId, displayName: 'Alice Example', userPrincipalName: dummyUpn });
      expect(graph.calls[0]).toMatchObject({
        method: 'GET',
        url: '/v1.0/users/alice%40contoso.com?$select=id,displayName,userPrincipalName',
        key: dummyUpn,
        status: 200,
      });
    });

    it('encodes the # of a B2B guest UPN', async () => {
      const guestUpn = 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com';
      graph.addUser({ id: dummyExternalUserId, userPrincipalName: guestUpn });

      await expect(clientFor().getUser(guestUpn)).resolves.toMatchObject({ id: dummyExternalUserId });
      expect(graph.calls[0].url).toContain(
        '/v1.0/users/bob_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com?',
      );
    });

    it("uses the users('...') form for a UPN that starts with $", async () => {
      graph.addUser({ id: dummyExternalUserId, userPrincipalName: '$adm@contoso.com' });

      await expect(clientFor().getUser('$adm@contoso.com')).resolves.toMatchObject({
        id: dummyExternalUserId,
      });
      expect(graph.calls[0].url).toBe(
        "/v1.0/users('%24adm%40contoso.com')?$select=id,displayName,userPrincipalName",
      );
    });

    it('returns undefined for an unknown user (404)', async () => {
      await expect(clientFor().getUser('nobody@contoso.com')).resolves.toBeUndefined();
    });

    it('explains a 401 and names User.Read.All', async () => {
      const client = clientFor({ tokens: { getToken: async () => 'dummy-wrong-token' } });

      const error = await rejectionOf(client.getUser(dummyUpn));

      expect(error).toMatchObject({ status: 401, graphCode: 'InvalidAuthenticationToken', attempts: 1 });
      expect(error.message).toContain('https://graph.microsoft.com/.default');
      expect(error.message).toContain('User.Read.All');
      expect(error.message).not.toContain('dummy-wrong-token');
    });
  });

  describe('listChatMembers', () => {
    it('gets the members of a chat with the app token, each with user ID, name and tenant', async () => {
      graph.addChat(dummyChatId, [
        { userId: dummyUserId, tenantId: dummyTenantId, displayName: 'Alice Example' },
        { userId: dummyExternalUserId, tenantId: dummyExternalTenantId, displayName: 'IT Helpdesk' },
      ]);

      const members = await clientFor().listChatMembers(dummyChatId);

      expect(graph.calls[0]).toMatchObject({
        method: 'GET',
        url: '/v1.0/chats/19%3Aabc_def%40unq.gbl.spaces/members',
        authorization: `Bearer ${DUMMY_GRAPH_TOKEN}`,
        status: 200,
      });
      expect(members).toEqual([
        { userId: dummyUserId, displayName: 'Alice Example', tenantId: dummyTenantId },
        { userId: dummyExternalUserId, displayName: 'IT Helpdesk', tenantId: dummyExternalTenantId },
      ]);
    });

    it('returns undefined for an unknown chat (404)', async () => {
      expect(await clientFor().listChatMembers('19:missing@unq.gbl.spaces')).toBeUndefined();
    });

    it('names ChatMember.Read.All when Graph answers 403', async () => {
      graph.withoutPermission('listChatMembers');

      const error = await rejectionOf(clientFor().listChatMembers(dummyChatId));

      expect(error).toMatchObject({ status: 403, operation: 'listChatMembers' });
      expect(error.message).toContain('application permission ChatMember.Read.All');
    });
  });

  describe('removeAllAccessForUser', () => {
    const dummyDelegatedToken = 'delegated-3c1f9a2e-7b4d-4e8a-9f10-2a6b8c4d0e15';
    const dummyAnalystId = 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';
    const delegatedClient = () => clientFor({ tokens: { getToken: async () => dummyDelegatedToken } });

    beforeEach(() => {
      graph.addDelegatedToken(dummyDelegatedToken, {
        aadObjectId: dummyAnalystId,
        tenantId: dummyTenantId,
        scopes: ['Chat.ReadWrite.All'],
      });
    });

    it('posts the teamworkUserIdentity with a delegated token and resolves on 204', async () => {
      await delegatedClient().removeAllAccessForUser(dummyChatId, dummyExternalUserId, dummyExternalTenantId);

      expect(graph.calls[0]).toMatchObject({
        method: 'POST',
        url: '/v1.0/chats/19%3Aabc_def%40unq.gbl.spaces/removeAllAccessForUser',
        authorization: `Bearer ${dummyDelegatedToken}`,
        principal: dummyAnalystId,
        body: {
          user: {
            '@odata.type': 'microsoft.graph.teamworkUserIdentity',
            id: dummyExternalUserId,
            tenantId: dummyExternalTenantId,
          },
        },
        status: 204,
      });
      expect(graph.chatMembers(dummyChatId)).toEqual([{ userId: dummyUserId, tenantId: dummyTenantId }]);
    });

    it('throws a GraphError with status 404 for an unknown chat', async () => {
      const error = await rejectionOf(
        delegatedClient().removeAllAccessForUser(
          '19:missing@unq.gbl.spaces',
          dummyExternalUserId,
          dummyExternalTenantId,
        ),
      );

      expect(error).toMatchObject({ status: 404, graphCode: 'NotFound' });
    });

    it('says on the 403 to an app-only token that Graph offers only a delegated permission for it', async () => {
      const error = await rejectionOf(
        clientFor().removeAllAccessForUser(dummyChatId, dummyExternalUserId, dummyExternalTenantId),
      );

      expect(error).toMatchObject({ status: 403 });
      expect(error.message).toContain('delegated permission Chat.ReadWrite.All');
      expect(graph.chatMembers(dummyChatId)).toHaveLength(2);
    });
  });

  describe('retries', () => {
    it('retries a 429 after waiting at least its Retry-After', async () => {
      graph.failNext(429, { 'Retry-After': '1' });

      const result = await clientFor().getUser(dummyUpn);

      expect(result?.id).toBe(dummyUserId);
      expect(graph.calls.map((call) => call.status)).toEqual([429, 200]);
      expect(graph.calls[1].at - graph.calls[0].at).toBeGreaterThanOrEqual(950);
    });

    it('retries 503 and 504 and sends the same client-request-id each time', async () => {
      graph.failNext(503).failNext(504);

      await expect(clientFor().installAppForUser(dummyUserId, dummyCatalogAppId)).resolves.toBe('installed');

      expect(graph.calls.map((call) => call.status)).toEqual([503, 504, 201]);
      expect(new Set(graph.calls.map((call) => call.clientRequestId)).size).toBe(1);
    });

    it('gives up after maxAttempts and reports the last status and Graph code', async () => {
      graph.failNext(503).failNext(503).failNext(503);

      const error = await rejectionOf(clientFor({ maxAttempts: 3 }).getUser(dummyUpn));

      expect(error).toMatchObject({ status: 503, graphCode: 'serviceNotAvailable', attempts: 3 });
      expect(error.message).toContain('after 3 attempts');
      expect(graph.calls).toHaveLength(3);
    });

    it('does not retry when Retry-After asks for longer than retryAfterMaxMs, and says how long', async () => {
      graph.failNext(429, { 'Retry-After': '120' });

      const error = await rejectionOf(clientFor().getUser(dummyUpn));

      expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, attempts: 1 });
      expect(graph.calls).toHaveLength(1);
    });

    it('does not retry a 400', async () => {
      graph.failNext(400, undefined, { code: 'BadRequest', message: 'Invalid request.' });

      const error = await rejectionOf(clientFor().checkMemberGroups(dummyUserId, [dummyGroups.staff]));

      expect(error).toMatchObject({ status: 400, graphCode: 'BadRequest', attempts: 1 });
      expect(error.message).toContain('Invalid request.');
      expect(graph.calls).toHaveLength(1);
    });

    it('times out a slow answer, retries, and succeeds when the next answer is prompt', async () => {
      graph.delayNext(2_000);

      const result = await clientFor({ timeoutMs: 200 }).getUser(dummyUpn);

      expect(result?.id).toBe(dummyUserId);
      expect(graph.calls).toHaveLength(2);
    });

    it('fails with a timeout message when no attempt is answered in time', async () => {
      graph.delayNext(2_000).delayNext(2_000);

      const error = await rejectionOf(clientFor({ timeoutMs: 200, maxAttempts: 2 }).getUser(dummyUpn));

      expect(error.status).toBeUndefined();
      expect(error.attempts).toBe(2);
      expect(error.message).toContain('no answer within 200 ms');
    });

    it('retries network errors and then fails without a status', async () => {
      const url = graph.url;
      await graph.stop();

      const error = await rejectionOf(clientFor({ endpoint: url, maxAttempts: 2 }).getUser(dummyUpn));

      expect(error).toMatchObject({ status: undefined, attempts: 2 });
      expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
    });
  });

  describe('secrets', () => {
    it('never puts the token in thrown messages or in logs', async () => {
      const secretToken = 'dummy-secret-token-eyJ0eXAiOiJKV1Qi';
      graph = await restartWithToken(graph, secretToken);
      graph.addUser({ id: dummyUserId, userPrincipalName: dummyUpn });
      graph.failNext(503).failNext(503);
      const client = clientFor({ tokens: { getToken: async () => secretToken }, maxAttempts: 2 });

      const error = await rejectionOf(client.getUser(dummyUpn));

      expect(graph.calls[0].authorization).toBe(`Bearer ${secretToken}`);
      expect(logged.lines.length).toBeGreaterThan(0);
      expect(logged.lines.join('\n')).not.toContain(secretToken);
      expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain(secretToken);
    });

    it('wraps a failing token provider in a GraphError for getToken, without calling Graph', async () => {
      const client = clientFor({
        tokens: {
          getToken: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')),
        },
      });

      const error = await rejectionOf(client.getUser(dummyUpn));

      expect(error).toMatchObject({ operation: 'getToken', attempts: 0 });
      expect(error.message).toContain('AADSTS7000215');
      expect(graph.calls).toHaveLength(0);
    });
  });
});

const restartWithToken = async (old: FakeGraph, token: string): Promise<FakeGraph> => {
  await old.stop();
  return new FakeGraph(token).start();
};
