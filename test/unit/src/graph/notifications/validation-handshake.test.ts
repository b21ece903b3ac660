import type { Server } from 'restify';
import {
  GRAPH_LIFECYCLE_PATH,
  GRAPH_NOTIFICATIONS_PATH,
  graphNotificationRoutes,
  graphValidationHandshake,
  validationTokenOf,
} from '../../../../../src/graph/notifications';
import { createMetrics } from '../../../../../src/http/metrics';
import { close, createHttpServer, listen } from '../../../../../src/http/server';
import { silentLogger } from '../../../../../src/log/logger';
import { DUMMY_HOME_TENANT } from '../../../../support/activities';
import { DUMMY_CLIENT_STATE } from '../../../../support/graph-notification-builder';

describe('validationTokenOf', () => {
  it.each([
    ['/api/graph/notifications', undefined],
    ['/api/graph/notifications?other=1', undefined],
    ['/api/graph/notifications?a=1&validationToken=x+y%2Bz', 'x y+z'],
    ['/api/graph/notifications?validationToken=%E0%A4%A', '\uFFFD%A'],
  ])('reads %s as %j', (url, token) => {
    expect(validationTokenOf(url)).toBe(token);
  });
});

describe('the validation handshake over HTTP', () => {
  const enqueued: unknown[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const log = silentLogger();
    const routes = graphNotificationRoutes({
      clientState: DUMMY_CLIENT_STATE,
      tenantId: DUMMY_HOME_TENANT,
      tokens: { checkTokens: async () => ({ ok: false, reason: 'not expected', retryable: false }) },
      counters: { accepted: () => undefined, dropped: () => undefined },
      log,
      enqueue: async (notification) => void enqueued.push(notification),
      onLifecycle: async (notification) => void enqueued.push(notification),
    });
    server = createHttpServer({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      readiness: async () => undefined,
      routes,
    });
    // Graph posts the handshake as text/plain with no body: the JSON routes alone would answer 415.
    server.pre(graphValidationHandshake([GRAPH_NOTIFICATIONS_PATH, GRAPH_LIFECYCLE_PATH]));
    port = await listen(server, 0, '127.0.0.1');
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await close(server);
  });

  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const handshake = (path: string, query: string) =>
    fetch(`http://127.0.0.1:${port}${path}?validationToken=${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });

  it.each([
    [
      'Graph’s own form',
      'Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+2a7c5e1f-0b3d-4c8e-9f6a-1d2e3f4a5b6c',
      'Validation: Testing client application reachability for subscription Request-Id: 2a7c5e1f-0b3d-4c8e-9f6a-1d2e3f4a5b6c',
    ],
    ['a plus and a %20', 'a%2Bb+c%20d', 'a+b c d'],
    ['non-ASCII', 'v%C3%A9rifi%C3%A9-%E2%9C%93-%F0%9F%94%92', 'vérifié-✓-🔒'],
    ['markup, echoed as text', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '<script>alert(1)</script>'],
  ])('answers 200 text/plain with exactly the decoded token: %s', async (_name, query, token) => {
    for (const path of [GRAPH_NOTIFICATIONS_PATH, GRAPH_LIFECYCLE_PATH]) {
      const res = await handshake(path, query);

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(token, 'utf8'));
    }
    expect(enqueued).toEqual([]);
  });

  it('answers the handshake in the handler too, when it comes with a JSON body', async () => {
    const res = await post(`${GRAPH_NOTIFICATIONS_PATH}?validationToken=abc+def`, { value: [] });

    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('abc def');
  });

  it('refuses an empty token with a JSON 400', async () => {
    const res = await handshake(GRAPH_NOTIFICATIONS_PATH, '');

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'body_invalid' });
  });
});
