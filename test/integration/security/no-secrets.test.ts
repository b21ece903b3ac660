import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_CHAT_VERB, REPORT_MALICIOUS_VERB } from '../../../cards/report-verbs';
import { CHALLENGE_CALLER_VERB } from '../../../cards/verification-verbs';
import { freePort } from '../../setup/global-setup';
import {
  DUMMY_HOME_TENANT,
  DUMMY_SECURITY_CHANNEL,
  dummyActivity,
  type FixtureName,
} from '../../support/activities';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { FakeBotFrameworkAuth } from '../../support/fake-bot-framework-auth';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector';
import { DUMMY_ENCRYPTION_CERTIFICATE_PEM } from '../../support/fake-graph-subscriptions';
import {
  DUMMY_APP_ID,
  createEncryptionKey,
  dummyChangeNotification,
  dummyRichNotification,
  startFakeMicrosoftIdentity,
} from '../../support/graph-notification-builder';
import { ALICE, ANALYST, STAFF, codeOn, from, type Person } from '../../support/guard-flows';
import { dummySignal, signedHeaders } from '../../support/signals';
import { waitFor } from '../../support/wait-for';

/** Secrets of the kind each setting holds, unique enough that any appearance is a leak. */
const SECRETS = {
  MicrosoftAppPassword: 'no-secrets-app-password-Qx7~Lw2.Zr9',
  SIGNAL_WEBHOOK_SECRET: 'no-secrets-webhook-secret-3b9f1c7e5a2d4f6b8c0e',
  VERIFICATION_SECRET: 'no-secrets-verification-secret-8d2a6c4e0f1b3d5f7a9c',
  GRAPH_CLIENT_STATE: 'no-secrets-client-state-5e7c9a1b3d',
};
const KEY = createEncryptionKey('no-secrets-key');
/** A line from the middle of the private key's PEM: enough of it to see it leak. */
const PRIVATE_KEY_LINE = KEY.privateKeyPem.split('\n')[5];
const A_BEARER = /Bearer\s+[\w-]+\.[\w-]+\./;

/** Everything the process wrote (stdout, stderr) and every event its file sink wrote. */
const everything = (bot: BotProcess, eventFile: string): string =>
  `${bot.output()}\n${readFileSync(eventFile, 'utf8')}`;

const eventTypes = (eventFile: string): string[] =>
  readFileSync(eventFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { EventType: string }).EventType);

/**
 * The main flows of the real process, with every secret set, at the most verbose log
 * level; then one scan of every log line (stdout and stderr) and every event the file
 * sink wrote for each secret, each verification code and phrase shown, and each token.
 */
describe('no secret in any log line or event', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hg-no-secrets-'));
  });

  it('local mode: warning, codes, challenge, phrase, report, triage, signed webhook', async () => {
    const eventFile = join(dir, 'local-events.jsonl');
    const { GRAPH_CLIENT_STATE: _graphOnly, ...localSecrets } = SECRETS;
    const bot = await startBotProcess({
      ...localSecrets,
      HOME_TENANT_ID: DUMMY_HOME_TENANT,
      LOG_LEVEL: 'trace',
      EVENT_LOG_FILE: eventFile,
      HELPDESK_PHRASE_ENABLED: 'true',
      HELPDESK_STAFF_IDS: STAFF.aadObjectId,
      SECURITY_TEAM_IDS: ANALYST.aadObjectId,
      SECURITY_CHANNEL_ID: DUMMY_SECURITY_CHANNEL,
    });
    const connector = await new FakeConnector().start();
    const shown: string[] = [];
    try {
      const post = (fixture: FixtureName, who: Person | undefined, replace: Record<string, unknown> = {}) =>
        bot.post(
          '/api/messages',
          JSON.stringify({
            ...dummyActivity(fixture, { serviceUrl: connector.serviceUrl, ...(who ? from(who) : {}) }),
            ...replace,
          }),
          // Ignored in local mode; it must not be logged either.
          { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl' },
        );
      const say = async (who: Person, text: string): Promise<ConnectorCall> => {
        const before = connector.accepted().length;
        await post('message.personal.text', who, { text, attachments: [] });
        return waitFor(`the reply to ${text}`, () =>
          connector
            .accepted()
            .slice(before)
            .find((call) => call.conversationId === who.conversationId),
        );
      };
      const tap = async (who: Person, verb: string, data: Record<string, unknown>) =>
        (await (
          await post('invoke.adaptive-card-action.personal', who, {
            value: { action: { type: 'Action.Execute', verb, data } },
          })
        ).json()) as { value: unknown };

      await post('installation-update.personal.add', ALICE);
      await post('conversation-update.team.bot-added', undefined);
      await connector.waitForActivities(1);
      const signal = dummySignal();
      const raw = JSON.stringify(signal);
      expect(
        (await bot.post('/api/signals/first-contact', raw, signedHeaders(raw, SECRETS.SIGNAL_WEBHOOK_SECRET)))
          .status,
      ).toBe(202);
      expect(
        (
          await bot.post(
            '/api/signals/first-contact',
            raw,
            signedHeaders(raw, 'a-wrong-secret-of-32-characters-xx'),
          )
        ).status,
      ).toBe(401);
      await waitFor('the warning', () => eventTypes(eventFile).includes('WarningDelivered'), 15_000);

      const code = codeOn(await say(STAFF, `issue code ${ALICE.aadObjectId}`));
      shown.push(code, `${code.slice(0, 3)} ${code.slice(3)}`);
      await say(ALICE, `verify ${code}`);
      await say(ALICE, `verify ${code === '000000' ? '111111' : '000000'}`);
      const challenge = codeOn({
        statusCode: 200,
        type: '',
        value: (await tap(ALICE, CHALLENGE_CALLER_VERB, {})).value,
      });
      shown.push(challenge, `${challenge.slice(0, 3)} ${challenge.slice(3)}`);
      await say(STAFF, `confirm ${challenge}`);
      const phrase = /phrase is \*\*(.+?)\*\*/.exec(String((await say(ALICE, 'phrase')).body.text))?.[1];
      expect(phrase).toBeDefined();
      shown.push(phrase!);
      await tap(ALICE, REPORT_CHAT_VERB, { chatThreadId: signal.chatThreadId });
      const reportId = await waitFor(
        'the report',
        () => /"reportId":"([^"]+)"/.exec(readFileSync(eventFile, 'utf8'))?.[1],
      );
      await tap(ANALYST, REPORT_MALICIOUS_VERB, { reportId });
      await waitFor('every flow in the events', () =>
        [
          'VerificationCodeIssued',
          'VerificationSucceeded',
          'VerificationFailed',
          'ChatReported',
          'ReportTriaged',
        ].every((type) => eventTypes(eventFile).includes(type)),
      );
    } finally {
      await bot.stop();
      await connector.stop();
    }

    const scanned = everything(bot, eventFile);
    // Not vacuous: the scan covers the code's own events and the request log lines.
    expect(scanned).toContain('"EventType":"VerificationCodeIssued"');
    expect(scanned).toContain('signal refused: signature');
    for (const secret of [...Object.values(SECRETS), ...shown]) expect(scanned).not.toContain(secret);
    expect(scanned).not.toMatch(A_BEARER);
  }, 60_000);

  it('with credentials: forged channel tokens, Graph notifications with client state, Graph out of reach', async () => {
    const auth = await new FakeBotFrameworkAuth().start();
    const identity = await startFakeMicrosoftIdentity({ appId: DUMMY_APP_ID, tenantId: DUMMY_HOME_TENANT });
    const eventFile = join(dir, 'credentials-events.jsonl');
    const unreachable = `127.0.0.1:${await freePort()}`;
    const bot = await startBotProcess({
      ...SECRETS,
      HOME_TENANT_ID: DUMMY_HOME_TENANT,
      MicrosoftAppId: DUMMY_APP_ID,
      LOG_LEVEL: 'trace',
      EVENT_LOG_FILE: eventFile,
      GRAPH_ENDPOINT: `http://${unreachable}`,
      GRAPH_AUTHORITY_HOST: `https://${unreachable}`,
      GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:9',
      GRAPH_NOTIFICATION_CERTIFICATE: DUMMY_ENCRYPTION_CERTIFICATE_PEM,
      GRAPH_NOTIFICATION_PRIVATE_KEY: KEY.privateKeyPem,
      GRAPH_NOTIFICATION_KEY_ID: KEY.keyId,
      GRAPH_JWKS_URL: identity.jwksUrl,
    });
    const tokens: string[] = [];
    try {
      const activity = dummyActivity('message.personal.text');
      tokens.push(
        auth.channelToken(DUMMY_APP_ID, activity.serviceUrl as string),
        auth.channelToken(DUMMY_APP_ID, activity.serviceUrl as string, {}, { algorithm: 'hs256-public-key' }),
        await identity.validationToken(),
        await identity.validationToken({ signer: 'stranger' }),
      );
      for (const token of tokens.slice(0, 2))
        expect(
          (await bot.post('/api/messages', JSON.stringify(activity), { authorization: `Bearer ${token}` }))
            .status,
        ).toBe(401);
      const notifications = [
        { value: [dummyChangeNotification({ clientState: SECRETS.GRAPH_CLIENT_STATE })] },
        { value: [dummyChangeNotification({ clientState: `${SECRETS.GRAPH_CLIENT_STATE}x` })] },
        {
          value: [dummyRichNotification(KEY, undefined, { clientState: SECRETS.GRAPH_CLIENT_STATE })],
          validationTokens: [tokens[2]],
        },
        {
          value: [dummyRichNotification(KEY, undefined, { clientState: SECRETS.GRAPH_CLIENT_STATE })],
          validationTokens: [tokens[3]],
        },
      ];
      for (const body of notifications)
        expect((await bot.post('/api/graph/notifications', JSON.stringify(body))).status).toBe(202);
      const raw = JSON.stringify(dummySignal());
      expect(
        (await bot.post('/api/signals/first-contact', raw, signedHeaders(raw, SECRETS.SIGNAL_WEBHOOK_SECRET)))
          .status,
      ).toBe(202);
      // The password went to the token authority and failed there: that failure is logged too.
      await waitFor(
        'a failed Graph token request',
        () => bot.stdout().includes('cannot get a token'),
        20_000,
      );
      await waitFor(
        'the signal in the events',
        () => eventTypes(eventFile).includes('FirstContactDetected'),
        15_000,
      );
    } finally {
      // Shutdown waits for Graph requests that retry for seconds; not the subject here.
      await bot.stop(2_000);
      await identity.stop();
      await auth.stop();
    }

    const scanned = everything(bot, eventFile);
    expect(scanned).toContain('activity refused: unauthorized');
    for (const secret of [...Object.values(SECRETS), PRIVATE_KEY_LINE, ...tokens])
      expect(scanned).not.toContain(secret);
    for (const token of tokens) expect(scanned).not.toContain(token.split('.')[2]);
    expect(scanned).not.toMatch(A_BEARER);
  }, 60_000);
});
