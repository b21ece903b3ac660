import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createGraphClient } from '../../../../../src/graph';
import { silentLogger } from '../../../../../src/log/logger';
import {
  bindGraphFirstContactMetrics,
  createGraphFirstContacts,
  type GraphFirstContactsOptions,
} from '../../../../../src/signals/graph';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID } from '../../../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../../../support/fake-graph';

const dummyAttackerId = '3f2e1d0c-aaaa-bbbb-cccc-0123456789ab';
const dummyChatId = (n: number) =>
  `19:${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-0123456789ab_${DUMMY_USER_ID}@unq.gbl.spaces`;
const dummyMembers = [
  { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice' },
  { userId: dummyAttackerId, tenantId: DUMMY_OTHER_TENANT, displayName: 'IT Helpdesk' },
];
/** A basic `/chats/getAllMembers` notification: it names no one, so the chat has to be read. */
const memberNotification = (chatId: string) => ({
  changeType: 'created',
  resource: `chats('${chatId}')/members('${Buffer.from(`${chatId}##${dummyAttackerId}`).toString('base64')}')`,
  tenantId: DUMMY_HOME_TENANT,
});

const clientOf = (endpoint: string) =>
  createGraphClient({ endpoint, tokens: { getToken: async () => DUMMY_GRAPH_TOKEN }, log: silentLogger() });

describe('Graph first contacts: lookups', () => {
  let graph: FakeGraph;
  let clock: number;
  const counted = { hits: 0, lookups: [] as string[] };

  const source = (overrides: Partial<GraphFirstContactsOptions> = {}) =>
    createGraphFirstContacts({
      graph: clientOf(graph.url),
      homeTenantId: DUMMY_HOME_TENANT,
      trustedTenantIds: [],
      cacheTtlMs: 60_000,
      now: () => clock,
      metrics: { cacheHit: () => (counted.hits += 1), lookup: (outcome) => counted.lookups.push(outcome) },
      ...overrides,
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    for (const n of [1, 2, 3]) graph.addChat(dummyChatId(n), dummyMembers);
    clock = Date.parse('2026-11-27T22:00:00Z');
    counted.hits = 0;
    counted.lookups = [];
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('reads a chat once for a burst of 50 notifications about it', async () => {
    const firstContacts = source();

    const results = await Promise.all(
      Array.from({ length: 50 }, () => firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock)),
    );

    expect(results.every((signals) => signals.length === 1)).toBe(true);
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);
    expect(counted).toEqual({ hits: 49, lookups: ['found'] });
  });

  it('feeds the hooks bound to prom-client', async () => {
    const registry = new Registry();
    const firstContacts = source({ metrics: bindGraphFirstContactMetrics(registry) });

    await Promise.all(
      [1, 1, 2].map((n) => firstContacts.signalsFor(memberNotification(dummyChatId(n)), clock)),
    );

    const text = await registry.metrics();
    expect(text).toContain('helpdesk_guard_graph_chat_lookups_total{outcome="found"} 2');
    expect(text).toContain('helpdesk_guard_graph_chat_lookup_cache_hits_total 1');
    expect(text).toContain('helpdesk_guard_graph_chat_lookups_in_flight 0');
    expect(text).toContain('helpdesk_guard_graph_notifications_total{outcome="external"} 3');
  });

  it('reuses a chat read within the TTL and reads it again after', async () => {
    const firstContacts = source({ cacheTtlMs: 60_000 });
    await firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock);

    clock += 59_999;
    await firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock);
    expect(graph.callsTo('listChatMembers')).toHaveLength(1);

    clock += 1;
    await firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock);
    expect(graph.callsTo('listChatMembers')).toHaveLength(2);
  });

  it('keeps at most cacheMaxChats chats, dropping the oldest', async () => {
    const firstContacts = source({ cacheMaxChats: 2 });
    for (const n of [1, 2, 3, 3, 2, 1])
      await firstContacts.signalsFor(memberNotification(dummyChatId(n)), clock);

    expect(graph.callsTo('listChatMembers').map((call) => call.key)).toEqual(
      [1, 2, 3, 1].map((n) => dummyChatId(n)),
    );
  });

  it('does not cache a failure: the retried item asks Graph again', async () => {
    const firstContacts = source();
    graph.failNext(500);

    await expect(firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock)).rejects.toMatchObject({
      status: 500,
    });
    await expect(firstContacts.signalsFor(memberNotification(dummyChatId(1)), clock)).resolves.toHaveLength(
      1,
    );
    expect(counted.lookups).toEqual(['failed', 'found']);
  });

  describe('against a loopback Graph that counts requests in flight', () => {
    let server: Server;
    let inFlight = 0;
    let maxInFlight = 0;
    let served = 0;

    /** GET /v1.0/chats/{id}/members, answered after 40 ms, with Graph's error shape for anything else. */
    const answer = (req: IncomingMessage, res: ServerResponse): void => {
      const match = /^\/v1\.0\/chats\/([^/]+)\/members$/.exec(req.url ?? '');
      if (req.headers.authorization !== `Bearer ${DUMMY_GRAPH_TOKEN}` || !match) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BadRequest', message: 'Unexpected request.' } }));
        return;
      }
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        served += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            value: dummyMembers.map((member) => ({
              '@odata.type': '#microsoft.graph.aadUserConversationMember',
              ...member,
              email: null,
            })),
          }),
        );
      }, 40);
    };

    beforeEach(async () => {
      inFlight = 0;
      maxInFlight = 0;
      served = 0;
      server = createServer(answer);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('never has more lookups in flight than the concurrency, and does use all of it', async () => {
      const gauge: number[] = [];
      const firstContacts = source({
        graph: clientOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        concurrency: 3,
        metrics: { inFlight: (count) => gauge.push(count) },
      });

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          firstContacts.signalsFor(memberNotification(dummyChatId(100 + n)), clock),
        ),
      );

      expect(results.every((signals) => signals.length === 1)).toBe(true);
      expect(served).toBe(20);
      expect(maxInFlight).toBe(3);
      expect(Math.max(...gauge)).toBe(3);
      expect(gauge.at(-1)).toBe(0);
    });
  });
});
