import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationConstants, type AuthenticateRequestResult } from 'botframework-connector';
import type { AppConfig } from '../src/config/load-config';

/**
 * The SDK's adapter with its two halves apart: authenticating a request and running its
 * turn. CloudAdapter.process does both and answers every failure itself (500 with the
 * SDK's message, a stack trace on stderr); the messages endpoint does that answering.
 */
export class GuardAdapter extends TeamsAdapter {
  /** The Bot Framework's own check of the request's token (throws on a bad one). */
  authenticate(activity: Activity, authorization: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs one turn of an authenticated activity; resolves with the invoke response, if any. */
  runTurn(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

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
): GuardAdapter =>
  config.bot
    ? new GuardAdapter({
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
    : new GuardAdapter({});
