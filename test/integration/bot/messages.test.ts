import { generateKeyPairSync } from 'node:crypto';
import {
  DUMMY_HOME_TENANT,
  DUMMY_OTHER_TENANT,
  DUMMY_USER_ID,
  dummyActivity,
  inTenant,
} from '../../support/activities';
import { startBotWithConnector, type BotHarness } from '../../support/bot-harness';
import { FakeBotFrameworkAuth } from '../../support/fake-bot-framework-auth';
import { FakeConnector } from '../../support/fake-connector';
import { startTestBot, type TestBot } from '../../support/test-bot';

type Attachment = { contentType: string; content: unknown };

/** Every text of every element of every attached card, depth first. */
const textsOf = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node !== 'object' || node === null) return [];
  const element = node as Record<string, unknown>;
  const own = typeof element.text === 'string' ? [element.text] : [];
  return [...own, ...textsOf(element.body), ...textsOf(element.items), ...textsOf(element.columns)];
};

const cardText = (body: Record<string, unknown>): string =>
  ((body.attachments as Attachment[] | undefined) ?? [])
    .flatMap((attachment) => textsOf(attachment.content))
    .join('\n');

describe('POST /api/messages (local mode, memory stores)', () => {
  let harness: BotHarness;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeEach(async () => {
    harness = await startBotWithConnector();
    ({ bot, connector } = harness);
  });

  afterEach(async () => {
    await harness.stop();
  });

  const fromConnector = (overrides: Record<string, unknown> = {}) => ({
    serviceUrl: connector.serviceUrl,
    ...overrides,
  });

  it('answers an installationUpdate with the welcome card, sent to the activity serviceUrl', async () => {
    const res = await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', fromConnector()),
    );

    expect(res.status).toBe(200);
    await connector.waitForActivities(1);
    const [sent] = connector.accepted();
    expect(sent.conversationId).toBe(
      (dummyActivity('installation-update.personal.add').conversation as { id: string }).id,
    );
    expect(cardText(sent.body)).toContain('never contacts you from an external organisation');
  });

  it('welcomes once when Teams sends both installationUpdate and conversationUpdate', async () => {
    await bot.post('/api/messages', dummyActivity('installation-update.personal.add', fromConnector()));
    await bot.post('/api/messages', dummyActivity('conversation-update.personal.bot-added', fromConnector()));
    await bot.post('/api/messages', dummyActivity('message.personal.text', fromConnector({ text: 'tips' })));

    await connector.waitForActivities(2);
    const texts = connector.accepted().map((call) => cardText(call.body));
    expect(texts.filter((text) => text.includes('never contacts you'))).toHaveLength(1);
  });

  it('stores the conversation reference on install, keyed by tenant and object ID', async () => {
    await bot.post('/api/messages', dummyActivity('installation-update.personal.add', fromConnector()));

    const record = await bot.stores.conversations.get({
      tenantId: DUMMY_HOME_TENANT,
      aadObjectId: DUMMY_USER_ID,
    });
    expect(record?.reference.serviceUrl).toBe(connector.serviceUrl);
    expect(record?.reference.conversation.id).toMatch(/^a:/);
  });

  it('removes the conversation reference on uninstall', async () => {
    await bot.post('/api/messages', dummyActivity('installation-update.personal.add', fromConnector()));
    await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', fromConnector({ action: 'remove' })),
    );

    expect(
      await bot.stores.conversations.get({ tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID }),
    ).toBeUndefined();
  });

  it.each(['help', ' HELP ', 'Help'])('answers %p with the welcome card', async (text) => {
    await bot.post('/api/messages', dummyActivity('message.personal.text', fromConnector({ text })));

    await connector.waitForActivities(1);
    expect(connector.accepted()[0].conversationId).toMatch(/^a:/);
    expect(cardText(connector.accepted()[0].body)).toContain(
      'How Contoso IT Service Desk really contacts you',
    );
  });

  it('rotates tips per user', async () => {
    for (let i = 0; i < 2; i += 1) {
      await bot.post(
        '/api/messages',
        dummyActivity('message.personal.text', fromConnector({ text: 'tips' })),
      );
    }

    await connector.waitForActivities(2);
    const [first, second] = connector.accepted().map((call) => cardText(call.body));
    expect(first).toContain('Tip 1 of');
    expect(second).toContain('Tip 2 of');
  });

  it('answers unknown text with the list of commands instead of silence', async () => {
    await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', fromConnector({ text: 'what is this?' })),
    );

    await connector.waitForActivities(1);
    const reply = connector.accepted()[0].body.text as string;
    expect(reply).toContain('what is this?');
    expect(reply).toContain('help');
  });

  it('processes nothing from another tenant: no reply, no stored reference, a log line and a count', async () => {
    const res = await bot.post(
      '/api/messages',
      dummyActivity('message.personal.text', {
        ...fromConnector({ text: 'help' }),
        ...inTenant(DUMMY_OTHER_TENANT),
      }),
    );

    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(0);
    expect(
      await bot.stores.conversations.get({ tenantId: DUMMY_OTHER_TENANT, aadObjectId: DUMMY_USER_ID }),
    ).toBeUndefined();
    expect(bot.logs.some((line) => line.msg === 'activity refused: foreign tenant')).toBe(true);
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toContain('hg_activities_refused_total{reason="tenant"} 1');
  });

  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'no.such.verb', data: {} } }],
    ['a value that is not an action', 'garbage'],
  ])('answers a card tap with %s with an error invoke response', async (_what, value) => {
    const res = await bot.post(
      '/api/messages',
      dummyActivity('invoke.adaptive-card-action.personal', fromConnector({ value })),
    );

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      expect.objectContaining({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: expect.objectContaining({ code: 'unknown_action' }),
      }),
    );
  });

  it('refuses malformed JSON with 400 and a reason', async () => {
    const res = await bot.post('/api/messages', '{"type": "message",');

    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/JSON/);
  });

  it('refuses an activity without the fields handlers need with 400 naming them', async () => {
    const res = await bot.post('/api/messages', { type: 'message', text: 'help' });

    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('activity_invalid');
    expect(body.message).toContain('serviceUrl');
  });

  it('refuses a mention without its text or mentioned id with 400, before the SDK strips mentions', async () => {
    const broken = dummyActivity(
      'message.personal.text',
      fromConnector({ entities: [{ type: 'mention', text: 7, mentioned: { id: { x: 1 } } }] }),
    );

    const res = await bot.post('/api/messages', broken);

    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('activity_invalid');
    expect(body.message).toMatch(/entities\.0\.(text|mentioned)/);
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = dummyActivity('message.personal.text', fromConnector({ text: 'x'.repeat(300 * 1024) }));

    const res = await bot.post('/api/messages', huge);

    expect(res.status).toBe(413);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('POST /api/messages with credentials', () => {
  const appId = '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098';
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  let auth: FakeBotFrameworkAuth;
  let bot: TestBot;

  beforeAll(async () => {
    auth = await new FakeBotFrameworkAuth().start();
    bot = await startTestBot(
      { MicrosoftAppId: appId, MicrosoftAppPassword: 'dummy-secret-value', MicrosoftAppType: 'MultiTenant' },
      { adapter: { openIdMetadataUrl: auth.metadataUrl } },
    );
  });

  afterAll(async () => {
    await bot.stop();
    await auth.stop();
  });

  it('accepts an activity with a valid channel token', async () => {
    // A team conversationUpdate needs no reply, so no outbound token is needed offline.
    const activity = dummyActivity('conversation-update.team.bot-added');
    const token = auth.channelToken(appId, activity.serviceUrl as string);

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(200);
  });

  it('answers 401 to a token issued for another bot', async () => {
    const activity = dummyActivity('conversation-update.team.bot-added');
    const token = auth.channelToken('11111111-2222-3333-4444-555555555555', activity.serviceUrl as string);

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
  });

  it('answers 401 to an expired token', async () => {
    const activity = dummyActivity('conversation-update.team.bot-added');
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = auth.channelToken(appId, activity.serviceUrl as string, { nbf: past - 60, exp: past });

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
  });

  it('answers 401 to a request without a Bot Framework token', async () => {
    const res = await bot.post('/api/messages', dummyActivity('message.personal.text'));

    expect(res.status).toBe(401);
  });

  it.each([
    ['signed by another key under the real key ID', () => ({ signingKey: otherKey })],
    ['with alg none', () => ({ header: { alg: 'none' } })],
    ['claiming HS256', () => ({ header: { alg: 'HS256' } })],
  ])('answers 401 to a token %s, with one log line and nothing on stderr', async (_name, forge) => {
    const activity = dummyActivity('message.personal.text');
    const token = auth.channelToken(appId, activity.serviceUrl as string, {}, forge());
    const stderr = jest.spyOn(console, 'error');
    const before = bot.logs.length;

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(expect.objectContaining({ code: 'unauthorized' }));
    expect(stderr).not.toHaveBeenCalled();
    expect(bot.logs.slice(before).map((line) => line.msg)).toEqual(['activity refused: unauthorized']);
    stderr.mockRestore();
  });

  it.each([
    ['whose signature is stripped', (token: string) => token.replace(/\.[^.]+$/, '.')],
    [
      'whose payload was changed after signing',
      (token: string) => {
        const [header, , signature] = token.split('.');
        const payload = Buffer.from(
          JSON.stringify({ iss: 'https://api.botframework.com', aud: appId }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
  ])('answers 401 to a token %s', async (_name, tamper) => {
    const activity = dummyActivity('message.personal.text');
    const token = tamper(auth.channelToken(appId, activity.serviceUrl as string));

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
  });

  it('answers 401 to a token not valid before some minutes from now', async () => {
    const activity = dummyActivity('message.personal.text');
    const later = Math.floor(Date.now() / 1000) + 3600;
    const token = auth.channelToken(appId, activity.serviceUrl as string, { nbf: later, exp: later + 3600 });

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
  });

  it('answers 401 to a token for another serviceUrl (a reply must go where the token says)', async () => {
    const activity = dummyActivity('message.personal.text');
    const token = auth.channelToken(appId, 'https://smba.trafficmanager.net/other/');

    const res = await bot.post('/api/messages', activity, { authorization: `Bearer ${token}` });

    expect(res.status).toBe(401);
  });

  it('answers 401 to a forged bearer token', async () => {
    const forged = [
      'eyJhbGciOiJSUzI1NiJ9',
      'eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0',
      'c2ln',
    ].join('.');

    const res = await bot.post('/api/messages', dummyActivity('message.personal.text'), {
      authorization: `Bearer ${forged}`,
    });

    expect(res.status).toBe(401);
  });
});
