import { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationConstants } from 'botframework-connector';
import type { AppConfig } from '../src/config/load-config';

/** Where tokens are checked; tests point it at a local OpenID provider that signs like the Bot Connector. */
export interface AdapterOverrides {
  openIdMetadataUrl?: string;
}

/**
 * CloudAdapter with Bot Framework authentication. Without an app ID (local mode) the
 * SDK accepts unauthenticated requests and sends replies without a token, which is what
 * the Agents Playground and local tests need; loadConfig refuses that in production.
 */
export const createAdapter = (
  config: Pick<AppConfig, 'bot'>,
  overrides: AdapterOverrides = {},
): TeamsAdapter =>
  config.bot
    ? new TeamsAdapter({
        MicrosoftAppId: config.bot.appId,
        MicrosoftAppPassword: config.bot.appPassword,
        MicrosoftAppType: config.bot.appType,
        MicrosoftAppTenantId: config.bot.appTenantId,
        ...(overrides.openIdMetadataUrl
          ? {
              // Any override switches the SDK to explicit parameters, so state the public defaults too.
              ToBotFromChannelOpenIdMetadataUrl: overrides.openIdMetadataUrl,
              ToBotFromEmulatorOpenIdMetadataUrl: overrides.openIdMetadataUrl,
              ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
              ToChannelFromBotLoginUrl:
                AuthenticationConstants.ToChannelFromBotLoginUrlPrefix + 'botframework.com',
              ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
              OAuthUrl: AuthenticationConstants.OAuthUrl,
            }
          : {}),
      })
    : new TeamsAdapter({});
