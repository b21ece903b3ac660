import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DUMMY_HOME_TENANT, dummyActivity, type FixtureName } from '../../support/activities';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { FakeConnector } from '../../support/fake-connector';

const WEBHOOK_SECRET = 'edge-fuzz-webhook-secret-0123456789abcdef012';
const FIXTURES: FixtureName[] = [
  'message.personal.text',
  'invoke.adaptive-card-action.personal',
  'installation-update.personal.add',
  'conversation-update.personal.bot-added',
  'conversation-update.team.bot-added',
];

type Json = Record<string, unknown>;

/** Every path to a value inside a JSON object, e.g. ['from', 'aadObjectId']. */
const pathsOf = (node: unknown, prefix: string[] = []): string[][] =>
  typeof node === 'object' && node !== null
    ? Object.entries(node).flatMap(([key, value]) => [[...prefix, key], ...pathsOf(value, [...prefix, key])])
    : [];

const setPath = (root: Json, path: string[], value: unknown): Json => {
  const copy = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = value;
  return copy;
};

/** Values an attacker puts where the schema wants something else. */
const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(undefined, null, '', ' ', '\r\n', 'javascript:alert(1)', '__proto__', 1e308, -1, true),
);

/** A real activity with a few fields replaced by junk, removed, or added. */
const mutatedActivity = (serviceUrl: string) =>
  fc
    .tuple(fc.constantFrom(...FIXTURES), fc.array(fc.tuple(fc.nat(), junkValue), { maxLength: 3 }))
    .map(([fixture, edits]) => {
      let activity = dummyActivity(fixture, { serviceUrl });
      for (const [pick, value] of edits) {
        const paths = pathsOf(activity);
        activity = setPath(activity, paths[pick % paths.length], value);
      }
      return activity;
    });

/** How the body travels: its bytes, content type and coding, as sent or as broken. */
const wire = (json: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: json.map((value) => JSON.stringify(value) ?? '') },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      ),
      fc.constantFrom(
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'text/csv',
        'multipart/form-data; boundary=x',
        'application/json; boundary="',
        '',
      ),
      fc.constantFrom('none', 'none', 'none', 'gzip', 'broken-gzip', 'deflate', 'br'),
    )
    .map(([text, type, coding]) => {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      let body: Buffer = Buffer.from(text);
      if (coding === 'gzip') body = gzipSync(body);
      if (coding === 'broken-gzip') body = gzipSync(body).subarray(0, 12);
      if (coding !== 'none') headers['content-encoding'] = coding === 'broken-gzip' ? 'gzip' : coding;
      return { body, text, headers };
    });

const signed = (text: string): Record<string, string> => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${text}`).digest('hex');
  return { 'x-timestamp': timestamp, 'x-signature-256': `sha256=${mac}` };
};

describe('property: no input makes the HTTP edge answer 5xx or die (npm start, local mode)', () => {
  let connector: FakeConnector;
  let bot: BotProcess;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startBotProcess({ HOME_TENANT_ID: DUMMY_HOME_TENANT, SIGNAL_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });

  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('POST /api/messages answers every mutated activity below 500', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(wire(mutatedActivity(connector.serviceUrl)), async ({ body, headers }) => {
        const res = await bot.post('/api/messages', body, headers);
        await res.arrayBuffer();
        seen.add(res.status);
        return res.status < 500;
      }),
      { numRuns: 300 },
    );

    // Not vacuous: some inputs were real enough to run a turn, others were refused.
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 415]));
    expect(bot.alive()).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it('POST /api/signals/first-contact answers every body, signed or not, below 500', async () => {
    const seen = new Set<number>();
    /** Mostly the real value, sometimes junk: enough valid signals get through to be stored. */
    const field = <T>(real: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 5, arbitrary: real }, { weight: 1, arbitrary: junkValue });
    const signal = fc.record({
      chatThreadId: field(fc.constant('19:abc_def@unq.gbl.spaces')),
      observedAt: field(fc.constant(new Date().toISOString())),
      source: field(fc.constant('sentinel')),
      sender: field(fc.record({ displayName: field(fc.constant('IT Helpdesk')) })),
      recipient: field(fc.record({ aadObjectId: field(fc.uuid()) })),
    });
    await fc.assert(
      fc.asyncProperty(wire(signal), fc.nat(3), async ({ body, text, headers }, unsigned) => {
        // Signed over the decoded text, as the webhook checks it; one in four goes unsigned.
        const res = await bot.post('/api/signals/first-contact', body, {
          ...headers,
          ...(unsigned === 0 ? {} : signed(text)),
        });
        await res.arrayBuffer();
        seen.add(res.status);
        return res.status < 500;
      }),
      { numRuns: 200 },
    );

    expect([...seen]).toEqual(expect.arrayContaining([202, 400, 401, 415]));
    expect(bot.alive()).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
