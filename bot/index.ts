/**
 * The composition root: reads the config and the helpdesk profile once, starts the bot
 * (bot/start-bot.ts builds the clients, stores and workers; nothing else creates a Redis
 * client), and shuts down cleanly on SIGTERM.
 */
import { inspect } from 'node:util';
import { loadHelpdeskProfile, type HelpdeskProfile } from '../src/config/helpdesk-profile';
import { loadConfig, type AppConfig } from '../src/config/load-config';
import { isGuardError } from '../src/errors';
import { createLogger } from '../src/log/logger';
import { redactUrlsIn } from '../src/log/redact-url';
import { startBot } from './start-bot';

export { startBot, type RunningBot, type StartOptions } from './start-bot';

const main = async (): Promise<void> => {
  const bootLog = createLogger();
  let config: AppConfig;
  let profile: HelpdeskProfile;
  try {
    config = loadConfig();
    profile = loadHelpdeskProfile(config.helpdeskProfileFile);
  } catch (err) {
    if (isGuardError(err)) {
      // Printed plainly as well: this is the line an operator reads first.
      console.error(`helpdesk-guard cannot start. ${err.message}`);
      bootLog.fatal({ code: err.code }, 'configuration refused');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  if (!config.bot) {
    const banner = '*'.repeat(78);
    console.error(
      `${banner}\n  LOCAL MODE: MicrosoftAppId is not set, so Bot Framework authentication is OFF.\n` +
        `  Anyone who can reach this port can post activities. Never run like this in production.\n${banner}`,
    );
    log.warn({ mode: 'local' }, 'local mode: Bot Framework authentication is off');
  }
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ config, profile, log });
  } catch (err) {
    // A setting only start-up can judge (a feature that needs Graph credentials, a bad
    // hunting query file): refused like any other configuration, without a stack trace.
    if (isGuardError(err, 'config_invalid') || isGuardError(err, 'profile_invalid')) {
      console.error(`helpdesk-guard cannot start. ${redactUrlsIn(err.message)}`);
      log.fatal({ code: err.code }, 'configuration refused');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  log.info(
    { port: bot.port, store: bot.stores.kind, homeTenantId: config.homeTenantId },
    'helpdesk-guard listening',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Give in-flight requests a bounded time; a stuck socket must not block a deploy.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
};

if (require.main === module) {
  main().catch((err: unknown) => {
    // Printed whole for the operator, but never with a credential of a URL it names.
    console.error('helpdesk-guard failed to start:', redactUrlsIn(inspect(err)));
    process.exit(1);
  });
}
