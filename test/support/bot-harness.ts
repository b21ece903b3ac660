import type { Env } from '../../src/config/load-config';
import { dummyActivity, type FixtureName } from './activities';
import { FakeConnector } from './fake-connector';
import { startTestBot, type TestBot, type TestBotOptions } from './test-bot';

/** Who has the bot before a test starts: the dummy user (personal install), the security team (team install). */
export type Install = 'user' | 'security-team';

export interface BotHarness {
  bot: TestBot;
  /** The Bot Connector stand-in the installs (and so every reply and proactive send) point at. */
  connector: FakeConnector;
  /** Stops the bot, then the connector. */
  stop(): Promise<void>;
}

const INSTALL_ACTIVITY: Record<Install, FixtureName> = {
  user: 'installation-update.personal.add',
  'security-team': 'conversation-update.team.bot-added',
};

/**
 * The setup most integration tests share: a fake Bot Connector, the real bot on loopback,
 * and the installs the test needs, each sent as Teams sends it. Resolves once the user's
 * welcome card has reached the connector, so tests count their own activities from there.
 */
export const startBotWithConnector = async (
  env: Env = {},
  { install = [], ...options }: TestBotOptions & { install?: Install[] } = {},
): Promise<BotHarness> => {
  const connector = await new FakeConnector().start();
  const bot = await startTestBot(env, options);
  for (const kind of install) {
    const res = await bot.post(
      '/api/messages',
      dummyActivity(INSTALL_ACTIVITY[kind], { serviceUrl: connector.serviceUrl }),
    );
    if (res.status !== 200) throw new Error(`installing for ${kind} answered ${res.status}`);
  }
  if (install.includes('user')) await connector.waitForActivities(1);
  return {
    bot,
    connector,
    stop: async () => {
      await bot.stop();
      await connector.stop();
    },
  };
};
