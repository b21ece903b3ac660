import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createGraphClient,
  type GraphClient,
  type GraphClientOptions,
  GraphError,
  huntingQuotaWaitMs,
} from '../../../../../src/graph';
import { silentLogger } from '../../../../../src/log/logger';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../../../support/fake-graph';
import { dummyChatCreatedRow, HUNTING_FIXTURES, QUOTA_MESSAGE } from '../../../../support/fake-graph-hunting';

const dummyQuery =
  'let hgFrom = datetime(2026-11-27T22:00:00.0000000Z);\nlet hgTo = datetime(2026-11-27T22:59:59.9999999Z);\n' +
  'CloudAppEvents | where Timestamp between (hgFrom .. hgTo)';

const rejectionOf = async (promise: Promise<unknown>): Promise<GraphError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError, the call succeeded');
};

/** A fetch answering every request with `body` (for answers FakeGraph would never give). */
const answering = (body: unknown): typeof fetch =>
  (async () =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })) as typeof fetch;

describe('runHuntingQuery against FakeGraph', () => {
  let graph: FakeGraph;

  const clientFor = (overrides: Partial<GraphClientOptions> = {}): GraphClient =>
    createGraphClient({
      endpoint: graph.url,
      tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
      log: silentLogger(),
      backoff: { baseMs: 5, maxMs: 20, retryAfterMaxMs: 5_000 },
      ...overrides,
    });

  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph.hunting.addTable('CloudAppEvents', [dummyChatCreatedRow()]);
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('POSTs {Query} as JSON to /v1.0/security/runHuntingQuery', async () => {
    await clientFor().runHuntingQuery(dummyQuery);

    const [call] = graph.callsTo('runHuntingQuery');
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/v1.0/security/runHuntingQuery');
    expect(call.contentType).toMatch(/^application\/json/);
    expect(call.body).toEqual({ Query: dummyQuery });
  });

  it('sends a Timespan only when given one', async () => {
    await clientFor().runHuntingQuery(dummyQuery, 'P1D');

    expect(graph.callsTo('runHuntingQuery')[0].body).toEqual({ Query: dummyQuery, Timespan: 'P1D' });
  });

  it('returns the schema and the rows of the answer', async () => {
    const answer = await clientFor().runHuntingQuery(dummyQuery);

    expect(answer.schema).toContainEqual({ name: 'Timestamp', type: 'DateTime' });
    expect(answer.results).toEqual([dummyChatCreatedRow()]);
  });

  it('reads the documented answer of the shared fixture', async () => {
    const fixture = JSON.parse(
      readFileSync(join(HUNTING_FIXTURES, 'defender-hunting.response.json'), 'utf8'),
    );

    const answer = await clientFor({ fetch: answering(fixture) }).runHuntingQuery('DeviceProcessEvents');

    expect(answer.schema.map((column) => column.name)).toEqual(
      fixture.schema.map((c: { name: string }) => c.name),
    );
    expect(answer.results[0].FileName).toBe('QuickAssist.exe');
  });

  it('reads columns written Name/Type, as one documented sample has them', async () => {
    const body = { schema: [{ Name: 'Timestamp', Type: 'DateTime' }], results: [] };

    const answer = await clientFor({ fetch: answering(body) }).runHuntingQuery('DeviceProcessEvents');

    expect(answer.schema).toEqual([{ name: 'Timestamp', type: 'DateTime' }]);
  });

  it.each([
    ['no results', { schema: [] }],
    ['a row that is not an object', { schema: [], results: ['x'] }],
    ['a column without a type', { schema: [{ name: 'Timestamp' }], results: [] }],
  ])('refuses an answer with %s', async (_case, body) => {
    const err = await rejectionOf(
      clientFor({ fetch: answering(body) }).runHuntingQuery('DeviceProcessEvents'),
    );

    expect(err.message).toContain('does not have the documented shape');
  });

  it('says which permission to grant on 403', async () => {
    graph.withoutPermission('runHuntingQuery');

    const err = await rejectionOf(clientFor().runHuntingQuery(dummyQuery));

    expect(err.status).toBe(403);
    expect(err.message).toContain('ThreatHunting.Read.All');
  });

  it("surfaces a syntax error at once, with Graph's message", async () => {
    graph.hunting.rejectNextAsSyntaxError();

    const err = await rejectionOf(clientFor().runHuntingQuery(dummyQuery));

    expect(err.status).toBe(400);
    expect(err.attempts).toBe(1);
    expect(err.message).toContain('A recognition error occurred.');
  });

  it('surfaces a 429 whose Retry-After is longer than the client waits with retryAfterMs', async () => {
    graph.hunting.throttleNext(120);

    const err = await rejectionOf(clientFor().runHuntingQuery(dummyQuery));

    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('makes one attempt and leaves even a short Retry-After to the poller, which paces the quota', async () => {
    graph.hunting.throttleNext(1);

    const err = await rejectionOf(clientFor().runHuntingQuery(dummyQuery));

    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(1_000);
    expect(graph.callsTo('runHuntingQuery').map((call) => call.status)).toEqual([429]);
  });

  it('gives the CPU quota answer the wait its message names', async () => {
    graph.hunting.exceedQuotaNext('00:14:10');

    const err = await rejectionOf(clientFor().runHuntingQuery(dummyQuery));

    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(850_000);
    expect(err.message).toContain('frees up in 850 s');
  });

  it('gives a CPU quota answer naming no wait the next 15-minute cycle', async () => {
    graph.hunting.exceedQuotaNext('a while');

    const err = await rejectionOf(clientFor({ maxAttempts: 1 }).runHuntingQuery(dummyQuery));

    expect(err.retryAfterMs).toBe(15 * 60_000);
  });
});

describe('huntingQuotaWaitMs', () => {
  it.each([
    ['00:14:10', 850_000],
    ['1.02:00:00', 26 * 3_600_000],
    ['PT14M10S', 850_000],
    ['14 minutes', 840_000],
    ['30 seconds', 30_000],
  ])('reads "%s"', (duration, ms) => {
    expect(huntingQuotaWaitMs(QUOTA_MESSAGE(duration))).toBe(ms);
  });

  it('is undefined for a message that names no wait', () => {
    expect(huntingQuotaWaitMs('Too many requests.')).toBeUndefined();
  });
});
