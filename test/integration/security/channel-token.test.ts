import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ACKNOWLEDGE_SENDER_VERB } from '../../../cards/first-contact-warning';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { FakeBotFrameworkAuth, type TokenForgery } from '../../support/fake-bot-framework-auth';
import { FakeConnector } from '../../support/fake-connector';
import { startTestBot, type TestBot } from '../../support/test-bot';

const APP_ID = '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098';
const APP_PASSWORD = 'channel-token-test-app-password-7Hq2';

type Forge = (auth: FakeBotFrameworkAuth, serviceUrl: string) => string;
const token =
  (claims: Record<string, unknown> = {}, forge: TokenForgery = {}, appId = APP_ID): Forge =>
  (auth, serviceUrl) =>
    auth.channelToken(appId, serviceUrl, claims, forge);
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * With credentials, every activity needs a channel token the Bot Connector would issue
 * (bot/channel-token.ts, checked against a locally served OpenID configuration and key
 * set). A refused one is a 401 and nothing else: no turn, no reply, no stored conversation,
 * no event, and the token itself in no log line.
 */
describe('the Bot Framework channel token', () => {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    auth = await new FakeBotFrameworkAuth().start();
    connector = await new FakeConnector().start();
    bot = await startTestBot(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD },
      { adapter: { openIdMetadataUrl: auth.metadataUrl } },
    );
  });

  afterAll(async () => {
    await bot.stop();
    await connector.stop();
    await auth.stop();
  });

  /** Alice's 1:1 activities with a reply due (`help`, a card tap), sent to our connector. */
  const activities = () => [
    dummyActivity('message.personal.text', { serviceUrl: connector.serviceUrl, text: 'help' }),
    {
      ...dummyActivity('invoke.adaptive-card-action.personal', { serviceUrl: connector.serviceUrl }),
      value: { action: { type: 'Action.Execute', verb: ACKNOWLEDGE_SENDER_VERB, data: {} } },
    },
  ];
  const stored = () =>
    bot.stores.conversations.get({ tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_USER_ID });

  const forgeries: Array<[string, Forge | string]> = [
    ['a wrong issuer', token({ iss: `https://sts.windows.net/${DUMMY_HOME_TENANT}/` })],
    ['the emulator issuer', token({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' })],
    ['alg none, unsigned', token({}, { algorithm: 'none' })],
    ['alg none, with the real signature kept', token({}, { header: { alg: 'none' } })],
    ['HS256 keyed with the published public key', token({}, { algorithm: 'hs256-public-key' })],
    ['an unknown kid', token({}, { header: { kid: randomUUID() } })],
    ['no kid', token({}, { header: { kid: undefined } })],
    ['another audience', token({}, {}, '11111111-2222-4333-8444-555555555555')],
    ['an audience list without us', token({ aud: ['https://api.botframework.com'] })],
    ['a key endorsed for webchat, not msteams', token({}, { key: 'unendorsed' })],
    [
      'a private key of its own under the real kid',
      token({}, { signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    ],
    ['an expired token', token({ nbf: nowS() - 7260, exp: nowS() - 7200 })],
    ['a token from the future', token({ nbf: nowS() + 3600, exp: nowS() + 7200 })],
    ['no expiry', token({ exp: undefined })],
    ['a serviceurl claim for another host', (a) => a.channelToken(APP_ID, 'https://evil.example/')],
    ['no serviceurl claim', token({ serviceurl: undefined })],
    ['no token', ''],
    ['Basic credentials', `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
  ];

  it.each(forgeries)('refuses %s with 401 and processes nothing', async (_what, forged) => {
    const logsBefore = bot.logs.length;
    for (const activity of activities()) {
      const bearer = typeof forged === 'string' ? forged : `Bearer ${forged(auth, connector.serviceUrl)}`;

      const res = await bot.post('/api/messages', activity, bearer ? { authorization: bearer } : {});

      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expect.objectContaining({ code: 'unauthorized' }));
      expect(JSON.stringify(bot.logs.slice(logsBefore))).not.toContain(bearer.split(' ')[1] ?? '\u0000');
    }
    expect(bot.logs.slice(logsBefore).map((line) => line.msg)).toEqual([
      'activity refused: unauthorized',
      'activity refused: unauthorized',
    ]);
    expect(connector.calls).toEqual([]);
    expect(await stored()).toBeUndefined();
    expect(bot.events).toEqual([]);
  });

  // Last: it stores the conversation the refusals above must not have.
  it('accepts the genuine token, and the same activity runs its turn (the refusals are not vacuous)', async () => {
    const [, tap] = activities();

    const res = await bot.post('/api/messages', tap, {
      authorization: `Bearer ${auth.channelToken(APP_ID, connector.serviceUrl)}`,
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      expect.objectContaining({ statusCode: 404, type: 'application/vnd.microsoft.error' }),
    );
    expect(await stored()).toEqual(expect.objectContaining({ reference: expect.anything() }));
  });
});
