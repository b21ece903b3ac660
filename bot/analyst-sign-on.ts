/**
 * Teams single sign-on on a card action, for the analyst's actions Graph allows only with a
 * delegated token (removing chats). The documented Universal Actions flow: with no token in
 * the invoke, answer 401 with a loginRequest (an OAuthCard with tokenExchangeResource);
 * Teams gets an SSO token for our app silently and sends the invoke again with
 * `value.authentication.token`, which the Bot Framework Token Service exchanges, through
 * the Azure Bot's OAuth connection (SSO_CONNECTION_NAME), for a Graph token. Where silent
 * sign-on cannot happen, the user signs in through the link and Teams sends the invoke
 * again with `value.state` (a magic code). The token is used for one call and never stored
 * by the bot; signOut() also drops the Token Service's copy once the call is done.
 */
import type { CloudAdapterBase, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Translator } from '../src/i18n/translations';
import type { Logger } from '../src/log/logger';
import type { CardActionResult } from './card-action';

/** What Teams sends back on the action after a loginRequest. */
interface SignOnValue {
  authentication?: { id?: unknown; connectionName?: unknown; token?: unknown };
  state?: unknown;
}

export type AnalystToken = { ok: true; token: string } | { ok: false; answer: CardActionResult };

const tokenClientOf = (context: TurnContext): UserTokenClient | undefined => {
  const adapter = context.adapter as unknown as Partial<CloudAdapterBase>;
  return adapter.UserTokenClientKey
    ? context.turnState.get<UserTokenClient>(adapter.UserTokenClientKey)
    : undefined;
};

const unavailable = (t: Translator): AnalystToken => ({
  ok: false,
  answer: {
    error: { status: 500, code: 'remove_unavailable', message: t.t('security.signOn.unavailable') },
  },
});

/**
 * The analyst's Graph token for this tap, or the answer that asks Teams to sign them in
 * (or says the exchange failed: Teams then offers the sign-in link), worded in `t`'s language.
 */
export const analystToken = async (
  context: TurnContext,
  connectionName: string,
  log: Pick<Logger, 'warn'>,
  t: Translator,
): Promise<AnalystToken> => {
  const client = tokenClientOf(context);
  if (!client) return unavailable(t);
  const { activity } = context;
  const userId = activity.from.id;
  const channelId = activity.channelId;
  const value = (activity.value ?? {}) as SignOnValue;
  const ssoToken = value.authentication?.token;
  if (typeof ssoToken === 'string' && ssoToken.length > 0) {
    const exchanged = await client.exchangeToken(userId, connectionName, channelId, { token: ssoToken });
    if (exchanged?.token) return { ok: true, token: exchanged.token };
    log.warn({ activityId: activity.id, connectionName }, 'sign-on token exchange failed: asking to sign in');
    return {
      ok: false,
      answer: {
        preconditionFailed: t.t('security.signOn.exchangeFailed'),
      },
    };
  }
  const state = value.state;
  if (typeof state === 'string' && /^\d{1,12}$/.test(state)) {
    const signedIn = await client.getUserToken(userId, connectionName, channelId, state);
    if (signedIn?.token) return { ok: true, token: signedIn.token };
  }
  const resource = await client.getSignInResource(connectionName, activity, '');
  return {
    ok: false,
    answer: {
      loginRequest: {
        text: t.t('security.signOn.prompt'),
        connectionName,
        ...(resource.tokenExchangeResource ? { tokenExchangeResource: resource.tokenExchangeResource } : {}),
        buttons: [
          {
            type: 'signin',
            title: t.t('security.signOn.button'),
            text: t.t('security.signOn.button'),
            value: resource.signInLink ?? '',
          },
        ],
      },
    },
  };
};

/**
 * Drops the Token Service's copy of the analyst's token; a failure is only logged. It reads
 * the turn now and returns the call for later: a turn's context is revoked once answered.
 */
export const signOutLater = (
  context: TurnContext,
  connectionName: string,
  log: Pick<Logger, 'warn'>,
): (() => Promise<void>) => {
  const client = tokenClientOf(context);
  const { id: userId } = context.activity.from;
  const { channelId } = context.activity;
  return async () => {
    try {
      await client?.signOutUser(userId, connectionName, channelId);
    } catch (err) {
      log.warn({ err, connectionName }, 'could not sign the analyst out of the token service');
    }
  };
};
