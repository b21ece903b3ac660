import { PassThrough } from 'node:stream';
import { runSimulate } from '../../../src/cli/simulate-command';
import { DUMMY_USER_ID, dummyActivity } from '../../support/activities';
import { FakeConnector } from '../../support/fake-connector';
import { DUMMY_WEBHOOK_SECRET } from '../../support/signals';
import { startTestBot, type TestBot } from '../../support/test-bot';

const io = () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const read = (stream: PassThrough) => () => (stream.read() as Buffer | null)?.toString() ?? '';
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: read(stdout), err: read(stderr) };
};

describe('helpdesk-guard simulate first-contact', () => {
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startTestBot({ SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET });
    await bot.post(
      '/api/messages',
      dummyActivity('installation-update.personal.add', { serviceUrl: connector.serviceUrl }),
    );
    await connector.waitForActivities(1);
  });

  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('signs and posts a signal that makes the bot warn the user', async () => {
    const { io: streams, out } = io();

    const code = await runSimulate(
      ['first-contact', '--sender', 'IT Helpdesk', '--user', DUMMY_USER_ID, '--url', bot.url],
      streams,
      { env: { SIGNAL_WEBHOOK_SECRET: DUMMY_WEBHOOK_SECRET }, fetch, now: Date.now },
    );

    expect(code).toBe(0);
    expect(out()).toContain('accepted (202)');
    await connector.waitForActivities(2);
    expect(JSON.stringify(connector.accepted()[1].body)).toContain('IT Helpdesk');
  });

  it('says how to fix a missing secret', async () => {
    const { io: streams, err } = io();

    const code = await runSimulate(
      ['first-contact', '--sender', 'IT Helpdesk', '--user', DUMMY_USER_ID, '--url', bot.url],
      streams,
      {
        env: {},
        fetch,
        now: Date.now,
      },
    );

    expect(code).toBe(1);
    expect(err()).toContain('set SIGNAL_WEBHOOK_SECRET');
  });

  it('reports a refusal by the bot with its status', async () => {
    const { io: streams, err } = io();

    const code = await runSimulate(
      ['first-contact', '--sender', 'IT Helpdesk', '--user', DUMMY_USER_ID, '--url', bot.url],
      streams,
      {
        env: { SIGNAL_WEBHOOK_SECRET: 'a-different-secret-0123456789abcdef' },
        fetch,
        now: Date.now,
      },
    );

    expect(code).toBe(1);
    expect(err()).toContain('401');
  });

  it.each([
    [['first-contact', '--user', DUMMY_USER_ID]],
    [['first-contact', '--sender', 'x', '--user', 'u', '--bogus', '1']],
    [['second-contact']],
  ])('refuses bad arguments %j with usage and exit 2', async (args) => {
    const { io: streams, err } = io();

    expect(await runSimulate(args, streams, { env: {}, fetch, now: Date.now })).toBe(2);
    expect(err()).toContain('Usage: helpdesk-guard simulate');
  });
});
