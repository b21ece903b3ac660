import type { Server } from 'restify';
import {
  GRAPH_LIFECYCLE_PATH,
  GRAPH_NOTIFICATIONS_PATH,
  createResourceDecryptor,
  createValidationTokenCheck,
  graphNotificationRoutes,
  graphValidationHandshake,
  openNotification,
  type ChangeNotification,
  type LifecycleNotification,
} from '../../../../../src/graph/notifications';
import { createMetrics } from '../../../../../src/http/metrics';
import { close, createHttpServer, listen } from '../../../../../src/http/server';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from '../../../../support/activities';
import { fakeLog } from '../../../../support/fake-log';
import {
  DUMMY_APP_ID,
  DUMMY_CLIENT_STATE,
  DUMMY_MEMBER_RESOURCE,
  createEncryptionKey,
  dummyChangeNotification,
  dummyLifecycleNotification,
  dummyRichNotification,
  startFakeMicrosoftIdentity,
  type FakeMicrosoftIdentity,
} from '../../../../support/graph-notification-builder';

const key = createEncryptionKey('hg-notifications-2026-11');

/** The bot's HTTP edge with only the Graph routes, on a free loopback port, and what it handed over. */
const startGraphEdge = async (identity: FakeMicrosoftIdentity) => {
  const enqueued: ChangeNotification[] = [];
  const lifecycle: LifecycleNotification[] = [];
  const counted = { accepted: [] as string[], dropped: [] as string[] };
  const store = { down: false };
  const { lines, logger } = fakeLog();
  const routes = graphNotificationRoutes({
    clientState: DUMMY_CLIENT_STATE,
    tenantId: DUMMY_HOME_TENANT,
    tokens: createValidationTokenCheck({
      appId: DUMMY_APP_ID,
      tenantId: DUMMY_HOME_TENANT,
      jwksUrl: identity.jwksUrl,
    }),
    counters: {
      accepted: (kind) => counted.accepted.push(kind),
      dropped: (reason) => counted.dropped.push(reason),
    },
    log: logger,
    enqueue: async (notification) => {
      if (store.down) throw new Error('redis: connection refused');
      enqueued.push(notification);
    },
    onLifecycle: async (notification) => {
      lifecycle.push(notification);
    },
  });
  const server: Server = createHttpServer({
    log: logger,
    metrics: createMetrics({ defaultMetrics: false }),
    readiness: async () => undefined,
    routes,
  });
  server.pre(graphValidationHandshake([GRAPH_NOTIFICATIONS_PATH, GRAPH_LIFECYCLE_PATH]));
  const port = await listen(server, 0, '127.0.0.1');
  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const stop = async () => {
    server.server.closeAllConnections();
    await close(server);
  };
  return { port, post, enqueued, lifecycle, counted, store, lines, stop };
};

describe('Graph notification routes over HTTP', () => {
  let identity: FakeMicrosoftIdentity;
  let edge: Awaited<ReturnType<typeof startGraphEdge>>;

  beforeAll(async () => {
    identity = await startFakeMicrosoftIdentity();
  });

  afterAll(async () => {
    await identity.stop();
  });

  beforeEach(async () => {
    edge = await startGraphEdge(identity);
  });

  afterEach(async () => {
    await edge.stop();
  });

  describe('POST /api/graph/notifications', () => {
    it('hands a basic notification to the queue and answers 202', async () => {
      const notification = dummyChangeNotification();

      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [notification] });

      expect(res.status).toBe(202);
      expect(edge.enqueued).toEqual([notification]);
      expect(edge.counted).toEqual({ accepted: ['change'], dropped: [] });
    });

    it.each([
      ['a wrong clientState', 'forged-client-state'],
      ['a clientState of another length', 'Zq'],
    ])('changes nothing for %s, but counts it and still answers 202', async (_name, clientState) => {
      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, {
        value: [dummyChangeNotification({ clientState })],
      });

      expect(res.status).toBe(202);
      expect(edge.enqueued).toEqual([]);
      expect(edge.counted).toEqual({ accepted: [], dropped: ['client_state_mismatch'] });
      expect(edge.lines.join('')).toContain('client_state_mismatch');
      expect(edge.lines.join('')).not.toContain(clientState);
      expect(edge.lines.join('')).not.toContain(DUMMY_CLIENT_STATE);
    });

    it('answers a forged collection exactly as an accepted one', async () => {
      const good = await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [dummyChangeNotification()] });
      const forged = await edge.post(GRAPH_NOTIFICATIONS_PATH, {
        value: [dummyChangeNotification({ clientState: 'x' })],
      });

      expect([forged.status, await forged.text()]).toEqual([good.status, await good.text()]);
    });

    it('keeps the good items of a collection with a malformed one', async () => {
      const good = dummyChangeNotification();

      await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [{ ...good, changeType: 42 }, good] });

      expect(edge.enqueued).toEqual([good]);
      expect(edge.counted.dropped).toEqual(['item_invalid']);
    });

    it('drops notifications about another tenant', async () => {
      await edge.post(GRAPH_NOTIFICATIONS_PATH, {
        value: [dummyChangeNotification({ tenantId: DUMMY_OTHER_TENANT })],
      });

      expect(edge.enqueued).toEqual([]);
      expect(edge.counted.dropped).toEqual(['tenant_refused']);
    });

    it('takes a rich notification with valid tokens, which the worker then decrypts to the resource', async () => {
      const notification = dummyRichNotification(key);
      const token = await identity.validationToken();

      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, {
        value: [notification],
        validationTokens: [token],
      });

      expect(res.status).toBe(202);
      expect(edge.enqueued).toEqual([notification]);
      const opened = openNotification(createResourceDecryptor([key]), edge.enqueued[0]);
      expect(opened).toEqual({ ok: true, notification, resource: DUMMY_MEMBER_RESOURCE });
      expect(edge.lines.join('')).not.toContain(token);
    });

    it.each([
      ['an expired token', { expiresInSeconds: -3600 }],
      ['a token for another audience', { claims: { aud: '11111111-2222-4333-8444-555555555555' } }],
      ['a token from another app', { claims: { appid: '11111111-2222-4333-8444-555555555555' } }],
      ['a token signed by a stranger', { signer: 'stranger' as const }],
    ])('drops the whole rich collection for %s', async (_name, options) => {
      const tokens = [await identity.validationToken(), await identity.validationToken(options)];

      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, {
        value: [dummyRichNotification(key), dummyChangeNotification()],
        validationTokens: tokens,
      });

      expect(res.status).toBe(202);
      expect(edge.enqueued).toEqual([]);
      expect(edge.counted.dropped).toEqual(['validation_token_invalid', 'validation_token_invalid']);
    });

    it('drops a rich notification that comes without tokens', async () => {
      await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [dummyRichNotification(key)] });

      expect(edge.enqueued).toEqual([]);
      expect(edge.counted.dropped).toEqual(['validation_token_invalid']);
    });

    it('answers 503 with Retry-After when the signing keys are unavailable, so Graph resends', async () => {
      const token = await identity.validationToken();
      identity.setAvailable(false);
      try {
        const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, {
          value: [dummyRichNotification(key)],
          validationTokens: [token],
        });

        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toMatchObject({ code: 'signing_keys_unavailable' });
        expect(edge.enqueued).toEqual([]);
      } finally {
        identity.setAvailable(true);
      }
    });

    it('answers 503 when the queue does not take the notification', async () => {
      edge.store.down = true;

      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [dummyChangeNotification()] });

      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'store_unavailable' });
      expect(edge.counted.accepted).toEqual([]);
    });

    it.each([
      ['an array', [dummyChangeNotification()]],
      ['an object without value', { notification: dummyChangeNotification() }],
      ['a string', 'value'],
    ])('answers 400 with a code for a body that is %s', async (_name, body) => {
      const res = await edge.post(GRAPH_NOTIFICATIONS_PATH, body);

      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'body_invalid', message: expect.any(String) });
    });

    it('drops a lifecycle notification sent to the change endpoint', async () => {
      await edge.post(GRAPH_NOTIFICATIONS_PATH, { value: [dummyLifecycleNotification()] });

      expect(edge.lifecycle).toEqual([]);
      expect(edge.counted.dropped).toEqual(['wrong_endpoint']);
    });
  });
});
