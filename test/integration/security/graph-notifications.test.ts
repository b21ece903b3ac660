import { freePort } from '../../setup/global-setup';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT, DUMMY_USER_ID } from '../../support/activities';
import { DUMMY_GRAPH_TOKEN, FakeGraph } from '../../support/fake-graph';
import { DUMMY_ENCRYPTION_CERTIFICATE_PEM } from '../../support/fake-graph-subscriptions';
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
} from '../../support/graph-notification-builder';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { waitFor } from '../../support/wait-for';

type Json = Record<string, unknown>;

const KEY = createEncryptionKey('security-test-key');
const EXTERNAL = DUMMY_MEMBER_RESOURCE as { userId: string; tenantId: string };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let chats = 0;
const newChatId = () =>
  `19:${String(++chats).padStart(8, '0')}-aaaa-4bbb-8ccc-0123456789ab_${DUMMY_USER_ID}@unq.gbl.spaces`;

/**
 * A Graph notification is believed only with our clientState (constant-time compare), from
 * our tenant, at the endpoint of its kind, and (rich ones) with Graph's signed validation
 * tokens and content that opens with our key under an intact signature. Anything else gets
 * the same 202 (a forger learns nothing), is counted by reason, and leads nowhere: no Graph
 * read, no first contact, no warning.
 */
describe('forged Graph change notifications', () => {
  let graph: FakeGraph;
  let identity: FakeMicrosoftIdentity;
  let bot: TestBot;

  beforeAll(async () => {
    graph = await new FakeGraph(DUMMY_GRAPH_TOKEN, { tenantId: DUMMY_HOME_TENANT }).start();
    identity = await startFakeMicrosoftIdentity({ appId: DUMMY_APP_ID, tenantId: DUMMY_HOME_TENANT });
    const port = await freePort();
    bot = await startTestBot(
      {
        MicrosoftAppId: DUMMY_APP_ID,
        MicrosoftAppPassword: 'graph-security-test-password-0123',
        GRAPH_ENDPOINT: graph.url,
        GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}`,
        GRAPH_CLIENT_STATE: DUMMY_CLIENT_STATE,
        GRAPH_NOTIFICATION_CERTIFICATE: DUMMY_ENCRYPTION_CERTIFICATE_PEM,
        GRAPH_NOTIFICATION_PRIVATE_KEY: KEY.privateKeyPem,
        GRAPH_NOTIFICATION_KEY_ID: KEY.keyId,
        GRAPH_JWKS_URL: identity.jwksUrl,
      },
      { port, graphTokens: { getToken: async () => DUMMY_GRAPH_TOKEN } },
    );
    await waitFor('both subscriptions', () => graph.subscriptions.list().length === 2);
  });

  afterAll(async () => {
    await bot.stop();
    await identity.stop();
    await graph.stop();
  });

  /** A counter of /metrics, summed over its labels, or only the one labelled `reason`. */
  const counted = async (name: 'accepted' | 'dropped', reason?: string): Promise<number> => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    const labels = reason ? `\\{reason="${reason}"\\}` : '(?:\\{[^}]*\\})?';
    const line = new RegExp(`^helpdesk_guard_graph_notifications_${name}_total${labels} (\\d+)$`, 'gm');
    return [...text.matchAll(line)].reduce((sum, match) => sum + Number(match[1]), 0);
  };
  /** A chat of Alice and an external "IT Helpdesk", known to Graph. */
  const externalChat = (): string => {
    const chatId = newChatId();
    graph.addChat(chatId, [
      { userId: DUMMY_USER_ID, tenantId: DUMMY_HOME_TENANT, displayName: 'Alice Example' },
      { userId: EXTERNAL.userId, tenantId: EXTERNAL.tenantId, displayName: 'IT Helpdesk' },
    ]);
    return chatId;
  };
  const rich = (chatId: string, overrides: Json = {}) =>
    dummyRichNotification(KEY, DUMMY_MEMBER_RESOURCE, {
      resource: `chats('${chatId}')/members('m1')`,
      resourceData: { id: 'm1', '@odata.type': '#Microsoft.Graph.aadUserConversationMember' },
      ...overrides,
    });
  const basic = (chatId: string, overrides: Json = {}) =>
    dummyChangeNotification({
      resource: `chats('${chatId}')`,
      resourceData: { id: chatId, '@odata.type': '#Microsoft.Graph.chat' },
      ...overrides,
    });
  const readsOf = (chatId: string) => graph.callsTo('listChatMembers').filter((call) => call.key === chatId);
  const detected = (chatId: string) =>
    bot.events.filter((event) => event.EventType === 'FirstContactDetected' && event.ChatThreadId === chatId);

  it('believes a genuine rich notification (the refusals below are not vacuous)', async () => {
    const chatId = externalChat();

    const res = await bot.post('/api/graph/notifications', {
      value: [rich(chatId)],
      validationTokens: [await identity.validationToken()],
    });

    expect(res.status).toBe(202);
    await waitFor('the first contact', () => detected(chatId)[0]);
    expect(await counted('accepted')).toBe(1);
  });

  type Build = (chatId: string) => Promise<Json>;
  const NOTIFICATIONS = '/api/graph/notifications';
  const basicWith =
    (overrides: Json): Build =>
    async (chat) => ({ value: [basic(chat, overrides)] });
  const richWith =
    (token: () => Promise<string | undefined>): Build =>
    async (chat) => {
      const validationToken = await token();
      return { value: [rich(chat)], ...(validationToken ? { validationTokens: [validationToken] } : {}) };
    };
  const unsigned = async () =>
    `${b64({ alg: 'none', typ: 'JWT' })}.${(await identity.validationToken()).split('.')[1]}.`;
  const otherTenant = { tid: DUMMY_OTHER_TENANT, iss: `https://sts.windows.net/${DUMMY_OTHER_TENANT}/` };

  const forgeries: Array<[string, string, string, Build]> = [
    [
      'a wrong clientState',
      'client_state_mismatch',
      NOTIFICATIONS,
      basicWith({ clientState: 'hg-dummy-client-state-7Qe2Lw9Xc4RX' }),
    ],
    [
      'the clientState in other case',
      'client_state_mismatch',
      NOTIFICATIONS,
      basicWith({ clientState: DUMMY_CLIENT_STATE.toUpperCase() }),
    ],
    ['no clientState', 'client_state_mismatch', NOTIFICATIONS, basicWith({ clientState: undefined })],
    ['another tenant', 'tenant_refused', NOTIFICATIONS, basicWith({ tenantId: DUMMY_OTHER_TENANT })],
    [
      'a lifecycle event at the change endpoint',
      'wrong_endpoint',
      NOTIFICATIONS,
      async () => ({ value: [dummyLifecycleNotification()] }),
    ],
    [
      'a rich item without validation tokens',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(async () => undefined),
    ],
    [
      'an expired validation token',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(() => identity.validationToken({ expiresInSeconds: -3600 })),
    ],
    [
      'a token signed by a stranger',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(() => identity.validationToken({ signer: 'stranger' })),
    ],
    ['an unsigned token (alg none)', 'validation_token_invalid', NOTIFICATIONS, richWith(unsigned)],
    [
      'a token for another app',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(() => identity.validationToken({ claims: { aud: '11111111-2222-4333-8444-555555555555' } })),
    ],
    [
      'a token of another tenant',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(() => identity.validationToken({ claims: otherTenant })),
    ],
    [
      'a token not from Graph change tracking',
      'validation_token_invalid',
      NOTIFICATIONS,
      richWith(() => identity.validationToken({ claims: { appid: DUMMY_APP_ID } })),
    ],
    [
      'a wrong clientState on the lifecycle endpoint',
      'client_state_mismatch',
      '/api/graph/lifecycle',
      async () => ({ value: [dummyLifecycleNotification({ clientState: 'not-ours-0000000000' })] }),
    ],
  ];

  it.each(forgeries)(
    'drops %s: 202, counted as %s, nothing read or detected',
    async (_what, reason, path, build) => {
      const chatId = externalChat();
      const before = { dropped: await counted('dropped', reason), accepted: await counted('accepted') };

      const res = await bot.post(path, await build(chatId));

      expect(res.status).toBe(202);
      expect(await counted('dropped', reason)).toBe(before.dropped + 1);
      // Dropped at the route, before the 202: nothing was queued, so nothing can follow.
      expect(await counted('accepted')).toBe(before.accepted);
      expect(readsOf(chatId)).toEqual([]);
      expect(detected(chatId)).toEqual([]);
    },
  );

  it('drops rich content whose data was changed after Graph signed it, before decrypting it', async () => {
    const chatId = externalChat();
    const notification = rich(chatId) as unknown as { encryptedContent: { data: string } };
    const data = Buffer.from(notification.encryptedContent.data, 'base64');
    data[data.length - 1] ^= 0x01;
    notification.encryptedContent.data = data.toString('base64');
    const logsBefore = bot.logs.length;

    const res = await bot.post('/api/graph/notifications', {
      value: [notification],
      validationTokens: [await identity.validationToken()],
    });

    expect(res.status).toBe(202);
    await waitFor('the drop', () =>
      bot.logs.slice(logsBefore).find((line) => line.msg === 'notification dropped'),
    );
    expect(readsOf(chatId)).toEqual([]);
    expect(detected(chatId)).toEqual([]);
  });
});
