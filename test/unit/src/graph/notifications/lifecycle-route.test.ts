import type { Server } from 'restify';
import {
  GRAPH_LIFECYCLE_PATH,
  graphNotificationRoutes,
  type ChangeNotification,
  type LifecycleNotification,
} from '../../../../../src/graph/notifications';
import { createMetrics } from '../../../../../src/http/metrics';
import { close, createHttpServer, listen } from '../../../../../src/http/server';
import { silentLogger } from '../../../../../src/log/logger';
import { DUMMY_HOME_TENANT } from '../../../../support/activities';
import {
  DUMMY_CLIENT_STATE,
  dummyChangeNotification,
  dummyLifecycleNotification,
} from '../../../../support/graph-notification-builder';

describe('POST /api/graph/lifecycle over HTTP', () => {
  let enqueued: ChangeNotification[];
  let lifecycle: LifecycleNotification[];
  let counted: { accepted: string[]; dropped: string[] };
  let server: Server;
  let port: number;

  beforeEach(async () => {
    enqueued = [];
    lifecycle = [];
    counted = { accepted: [], dropped: [] };
    const log = silentLogger();
    const routes = graphNotificationRoutes({
      clientState: DUMMY_CLIENT_STATE,
      tenantId: DUMMY_HOME_TENANT,
      // Lifecycle notifications of basic subscriptions carry no tokens; none is asked for here.
      tokens: { checkTokens: async () => ({ ok: false, reason: 'not expected', retryable: false }) },
      counters: {
        accepted: (kind) => counted.accepted.push(kind),
        dropped: (reason) => counted.dropped.push(reason),
      },
      log,
      enqueue: async (notification) => void enqueued.push(notification),
      onLifecycle: async (notification) => void lifecycle.push(notification),
    });
    server = createHttpServer({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      readiness: async () => undefined,
      routes,
    });
    port = await listen(server, 0, '127.0.0.1');
  });

  afterEach(async () => {
    server.server.closeAllConnections();
    await close(server);
  });

  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it.each(['reauthorizationRequired', 'subscriptionRemoved', 'missed'])(
    'hands a %s event to onLifecycle and answers 202',
    async (lifecycleEvent) => {
      const notification = dummyLifecycleNotification({ lifecycleEvent });

      const res = await post(GRAPH_LIFECYCLE_PATH, { value: [notification] });

      expect(res.status).toBe(202);
      expect(lifecycle).toEqual([notification]);
      expect(counted.accepted).toEqual(['lifecycle']);
    },
  );

  it('changes nothing for a wrong clientState', async () => {
    await post(GRAPH_LIFECYCLE_PATH, {
      value: [dummyLifecycleNotification({ clientState: 'forged' })],
    });

    expect(lifecycle).toEqual([]);
    expect(counted.dropped).toEqual(['client_state_mismatch']);
  });

  it('drops a change notification sent to the lifecycle endpoint', async () => {
    await post(GRAPH_LIFECYCLE_PATH, { value: [dummyChangeNotification()] });

    expect(enqueued).toEqual([]);
    expect(counted.dropped).toEqual(['wrong_endpoint']);
  });
});
