import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AppConfig } from '../src/config/load-config';

/**
 * CloudAdapter with Bot Framework authentication. Without an app ID (local mode) the
 * SDK accepts unauthenticated requests and sends replies without a token, which is what
 * the Agents Playground and local tests need; loadConfig refuses that in production.
 */
export const createAdapter = (config: Pick<AppConfig, 'bot'>): TeamsAdapter =>
  config.bot
    ? new TeamsAdapter({
        MicrosoftAppId: config.bot.appId,
        MicrosoftAppPassword: config.bot.appPassword,
        MicrosoftAppType: config.bot.appType,
        MicrosoftAppTenantId: config.bot.appTenantId,
      })
    : new TeamsAdapter({});
