import { TeamsAdapter } from '@microsoft/teams-ai';
import {
  ActivityTypes,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { AppConfig } from '../src/config/load-config';
import { translatorFor } from '../src/i18n/translations';
import type { Deps } from './deps';
import { ReusingAuthentication } from './reused-clients';

/**
 * The SDK's adapter with its two halves apart: authenticating a request and running its
 * turn. CloudAdapter.process does both and answers every failure itself (500 with the
 * SDK's message, a stack trace on stderr); the messages endpoint does that answering.
 */
export class GuardAdapter extends TeamsAdapter {
  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    // The SDK reads this field for every turn and proactive send; the wrapper keeps its clients.
    (
      this as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }
    ).botFrameworkAuthentication = new ReusingAuthentication(this.botFrameworkAuthentication);
  }

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

/**
 * Test seams of the Bot Framework's own endpoints, which cannot be reached offline: where
 * channel tokens are checked (a local OpenID provider that signs like the Bot Connector),
 * and the bot's outbound credentials (a fixed token instead of one from Entra).
 */
export interface AdapterOverrides {
  openIdMetadataUrl?: string;
  credentials?: ServiceClientCredentialsFactory;
}

/**
 * The SDK's endpoints, stated in full: setting any one switches the SDK to explicit
 * parameters, so the public defaults of the others are stated too. `oauthUrl` is the Bot
 * Framework Token Service (BOT_OAUTH_URL), where the analysts' sign-on tokens are exchanged.
 */
const endpoints = (openIdMetadataUrl: string | undefined, oauthUrl: string | undefined) =>
  openIdMetadataUrl || oauthUrl
    ? {
        ToBotFromChannelOpenIdMetadataUrl:
          openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl:
          openIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrlPrefix + 'botframework.com',
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        OAuthUrl: oauthUrl ?? AuthenticationConstants.OAuthUrl,
      }
    : {};

/**
 * CloudAdapter with Bot Framework authentication. Without an app ID (local mode) the
 * SDK accepts unauthenticated requests and sends replies without a token, which is what
 * the Agents Playground and local tests need; loadConfig refuses that in production.
 */
export const createAdapter = (
  config: Pick<AppConfig, 'bot' | 'sso'>,
  overrides: AdapterOverrides = {},
): GuardAdapter =>
  config.bot
    ? new GuardAdapter(
        {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword,
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.appTenantId,
          ...endpoints(overrides.openIdMetadataUrl, config.sso.tokenServiceUrl),
        },
        overrides.credentials,
      )
    : new GuardAdapter(endpoints(undefined, config.sso.tokenServiceUrl));

/** What a user reads when their turn failed on our side, in their language. */
const apologyFor = (profile: Deps['profile'], locale: string | undefined): string =>
  translatorFor(profile, locale).t('common.turnFailed');

/**
 * Whether someone is waiting for an answer to this activity in a chat the bot can still
 * post to: a message, or the bot just added. Typing, reactions, edits, events and removals
 * (the chat is gone for the bot) get no apology; their failure is only logged and counted.
 */
const awaitsAnswer = (activity: Activity): boolean => {
  if (activity.type === ActivityTypes.Message) return true;
  if (activity.type === ActivityTypes.InstallationUpdate) return !!activity.action?.startsWith('add');
  if (activity.type === ActivityTypes.ConversationUpdate)
    return !!activity.membersAdded?.some((member) => member.id === activity.recipient?.id);
  return false;
};

/**
 * The adapter's onTurnError (teams-ai's app.error): any exception of a turn, whatever the
 * activity, ends here. It is logged with the activity's ID and counted; an invoke gets an
 * error invoke response (a card tap shows the apology on the card, within Teams' 5 s, where
 * an empty answer would read as "not supported"); a message or an install gets the apology
 * in the chat. Nothing is rethrown: the messages endpoint answers as usual.
 */
export const turnErrorHandler =
  ({ log, metrics, profile }: Pick<Deps, 'log' | 'metrics' | 'profile'>) =>
  async (context: TurnContext, error: unknown): Promise<void> => {
    const { activity } = context;
    const line = { activityId: activity.id ?? null, type: activity.type, name: activity.name ?? null };
    log.error({ err: error, ...line }, 'turn failed');
    if (activity.type === ActivityTypes.Invoke) {
      metrics.turnsFailed.inc({ reason: 'error' });
      // A handler that answered before failing (state not saved afterwards) keeps its answer.
      if (context.turnState.get(INVOKE_RESPONSE_KEY)) return;
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: {
            statusCode: 500,
            type: 'application/vnd.microsoft.error',
            value: { code: 'internal_error', message: apologyFor(profile, activity.locale) },
          },
        },
      });
      return;
    }
    if (!awaitsAnswer(activity)) {
      metrics.turnsFailed.inc({ reason: 'error' });
      return;
    }
    try {
      await context.sendActivity(apologyFor(profile, activity.locale));
      metrics.turnsFailed.inc({ reason: 'error' });
    } catch (err) {
      // Usually the very failure that ended the turn: the connector did not take a reply.
      metrics.turnsFailed.inc({ reason: 'reply_undelivered' });
      log.warn({ err, ...line }, 'reply not delivered');
    }
  };
