import type { Server } from 'restify';
import { parseGraphNotificationsEnv } from '../../../src/config/graph-config';
import { createGraphClient } from '../../../src/graph';
import { createMetrics } from '../../../src/http/metrics';
import { close, createHttpServer, listen } from '../../../src/http/server';
import { silentLogger } from '../../../src/log/logger';
import type { FirstContactSignal } from '../../../src/signals/first-contact-signal';
import { createGraphSource, type GraphSource } from '../../../src/signals/graph-source';
import { createRedisStores, type Stores } from '../../../src/store/stores';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { DUMMY_ENCRYPTION_CERTIFICATE_PEM } from '../../support/fake-graph-subscriptions';
import { fakePublisher } from '../../support/fake-publisher';
import {
  DUMMY_APP_ID,
  DUMMY_CLIENT_STATE,
  DUMMY_MEMBER_RESOURCE,
  createEncryptionKey,
  dummyRichNotification,
  startFakeMicrosoftIdentity,
  type FakeMicrosoftIdentity,
} from '../../support/graph-notification-builder';
import { connectTestRedis } from '../../support/redis';
import { waitFor } from '../../support/wait-for';

const CHAT_ID = '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
const EXTERNAL = DUMMY_MEMBER_RESOURCE as { userId: string; tenantId: string };
const KEY = createEncryptionKey('hg-key-2026-12');

/**
 * The Graph source on its own, over Redis and real HTTP: rich notifications built as Graph
 * builds them, validation tokens from a stand-in identity platform, members from FakeGraph.
 */
describe('the Graph source with rich notifications', () => {
  let graph: FakeGraph;
  let identity: FakeMicrosoftIdentity;
  let stores: Stores;
  let source: GraphSource;
  let server: Server;
  let url: string;

  beforeEach(async () => {
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: DUMMY_HOME_TENANT }).start();
    graph.addChat(CHAT_ID, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice Example' },
      { userId: EXTERNAL.userId, tenantId: EXTERNAL.tenantId, displayName: 'Microsoft Security' },
    ]);
    identity = await startFakeMicrosoftIdentity({ appId: DUMMY_APP_ID, tenantId: DUMMY_HOME_TENANT });
    stores = createRedisStores(await connectTestRedis());
    const settings = parseGraphNotificationsEnv(
      {
        GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:9',
        GRAPH_CLIENT_STATE: DUMMY_CLIENT_STATE,
        GRAPH_NOTIFICATION_CERTIFICATE: DUMMY_ENCRYPTION_CERTIFICATE_PEM,
        GRAPH_NOTIFICATION_PRIVATE_KEY: KEY.privateKeyPem,
        GRAPH_NOTIFICATION_KEY_ID: KEY.keyId,
        GRAPH_JWKS_URL: identity.jwksUrl,
      },
      false,
    );
    const metrics = createMetrics({ defaultMetrics: false });
    const log = silentLogger();
    source = createGraphSource({
      config: settings.config!,
      homeTenantId: DUMMY_HOME_TENANT,
      trustedTenantIds: [],
      appId: DUMMY_APP_ID,
      graph: createGraphClient({
        endpoint: graph.url,
        tokens: { getToken: async () => DUMMY_GRAPH_TOKEN },
        log,
      }),
      stores,
      signals: stores.queue<FirstContactSignal>('first-contact'),
      events: fakePublisher(DUMMY_HOME_TENANT),
      registry: metrics.registry,
      log,
    });
    server = createHttpServer({ log, metrics, readiness: async () => undefined, routes: source.routes });
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
    source.start();
  });

  afterEach(async () => {
    await close(server);
    await source.stop();
    await stores.close();
    await identity.stop();
    await graph.stop();
  });

  const post = async (body: unknown) =>
    fetch(`${url}/api/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const signals = () => stores.queue<FirstContactSignal>('first-contact').receive('test', 10, 200);
  const metricsText = () => fetch(`${url}/metrics`).then((res) => res.text());

  it('opens a member notification and queues a signal naming the external member, read from Graph', async () => {
    const res = await post({
      value: [dummyRichNotification(KEY)],
      validationTokens: [await identity.validationToken()],
    });

    expect(res.status).toBe(202);
    const [signal] = await waitFor('the signal', async () => {
      const found = await signals();
      return found.length > 0 ? found : undefined;
    });
    expect(signal.body).toMatchObject({
      tenantId: DUMMY_HOME_TENANT,
      chatThreadId: CHAT_ID,
      source: 'graph',
      sender: { displayName: 'Microsoft Security', tenantId: EXTERNAL.tenantId },
      recipient: { aadObjectId: DUMMY_USER_ID },
    });
  });

  it.each([
    ['an expired validation token', async () => identity.validationToken({ expiresInSeconds: -600 })],
    ['a token for another app', async () => identity.validationToken({ claims: { aud: 'not-our-app' } })],
    [
      'a token signed by a key Microsoft does not publish',
      async () => identity.validationToken({ signer: 'stranger' }),
    ],
  ])('drops the collection on %s: nothing is opened or queued', async (_case, token) => {
    const res = await post({ value: [dummyRichNotification(KEY)], validationTokens: [await token()] });

    expect(res.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await signals()).toEqual([]);
    expect(graph.calls.filter((call) => call.route === 'listChatMembers')).toEqual([]);
    expect(await metricsText()).toMatch(
      /helpdesk_guard_graph_notifications_dropped_total\{reason="validation_token_invalid"\} 1/,
    );
  });

  it.each([
    [
      'a tampered ciphertext',
      'signature_mismatch',
      () => {
        const notification = dummyRichNotification(KEY);
        const data = Buffer.from(notification.encryptedContent!.data, 'base64');
        data[0] ^= 1;
        return {
          ...notification,
          encryptedContent: { ...notification.encryptedContent!, data: data.toString('base64') },
        };
      },
    ],
    [
      'a key ID we do not hold',
      'unknown_key_id',
      () => dummyRichNotification(createEncryptionKey('someone-elses-key')),
    ],
  ])('drops %s in the worker, counted by reason', async (_case, reason, build) => {
    const res = await post({ value: [build()], validationTokens: [await identity.validationToken()] });

    expect(res.status).toBe(202);
    await waitFor('the drop', async () =>
      new RegExp(`dropped_total\\{reason="${reason}"\\} 1`).test(await metricsText()) ? true : undefined,
    );
    expect(await signals()).toEqual([]);
  });
});
