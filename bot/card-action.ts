import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/adaptive-card';
import { NUDGE_JOBS, nudgeId, type NudgeJob } from '../src/education/nudges';
import type { ErrorCode } from '../src/errors';
import { translatorFor } from '../src/i18n/translations';
import { activityUser } from './activity-user';
import type { AppTurnState } from './app-turn-state';
import type { Deps } from './deps';

/** What a card-action handler answers: a card that replaces the tapped one, a message, or an error. */
export type CardActionResult =
  | { card: AdaptiveCardJson }
  | { message: string }
  /** Ask Teams to sign the user in (the OAuthCard of a Universal Actions loginRequest). */
  | { loginRequest: Record<string, unknown> }
  /** The sign-on token could not be exchanged: Teams then offers the sign-in link. */
  | { preconditionFailed: string }
  | { error: { status: 400 | 401 | 403 | 404 | 500; code: ErrorCode; message: string } };

export type CardActionHandler = (
  context: TurnContext,
  data: Record<string, unknown>,
) => Promise<CardActionResult>;

/** The Universal Actions invoke response (adaptiveCard/action), as Teams expects it. */
const invokeBody = (result: CardActionResult) => {
  if ('card' in result)
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card };
  if ('message' in result)
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.message };
  if ('loginRequest' in result)
    return {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: result.loginRequest,
    };
  if ('preconditionFailed' in result)
    return {
      statusCode: 412,
      type: 'application/vnd.microsoft.error.preconditionFailed',
      value: { code: '412', message: result.preconditionFailed },
    };
  return {
    statusCode: result.error.status,
    type: 'application/vnd.microsoft.error',
    value: { code: result.error.code, message: result.error.message },
  };
};

/** Any tap on a card about a chat (the warning's buttons) is an answer: no nudge about it. */
const cancelNudge = async (stores: Deps['stores'], context: TurnContext, data: Record<string, unknown>) => {
  const chatThreadId = dataString(data, 'chatThreadId');
  const user = activityUser(context.activity);
  if (chatThreadId && user)
    await stores.scheduled<NudgeJob>(NUDGE_JOBS).cancel(nudgeId({ user, chatThreadId }));
};

/**
 * Registers an Action.Execute verb. Unlike teams-ai's actionExecute, a handler can answer
 * with an error invoke response (STYLE.md: a failed tap answers with an error, it does not
 * throw), and a thrown error becomes a 500 error response instead of a silent tap.
 */
export const onCardAction = (
  app: Application<AppTurnState>,
  verb: string,
  handler: CardActionHandler,
  { log, profile, stores }: Pick<Deps, 'log' | 'profile'> & Partial<Pick<Deps, 'stores'>>,
): void => {
  app.addRoute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke &&
      context.activity.name === 'adaptiveCard/action' &&
      (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb === verb,
    async (context) => {
      const action = (context.activity.value as { action: { data?: unknown } }).action;
      const data =
        typeof action.data === 'object' && action.data !== null
          ? (action.data as Record<string, unknown>)
          : {};
      let result: CardActionResult;
      try {
        if (stores) await cancelNudge(stores, context, data);
        result = await handler(context, data);
      } catch (err) {
        log.error({ err, verb, activityId: context.activity.id }, 'card action failed');
        result = {
          error: {
            status: 500,
            code: 'internal_error',
            message: translatorFor(profile, context.activity.locale).t('common.internalError'),
          },
        };
      }
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: invokeBody(result) },
      });
    },
    true,
  );
};

/**
 * Registered after every verb: a tap on an unknown verb (an old card, a forged invoke)
 * gets an error invoke response instead of an empty 501.
 */
export const onUnknownCardAction = (
  app: Application<AppTurnState>,
  { log, profile }: Pick<Deps, 'log' | 'profile'>,
): void => {
  app.addRoute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
      log.warn(
        { verb: typeof verb === 'string' ? verb.slice(0, 64) : null, activityId: context.activity.id },
        'unknown card action',
      );
      const result: CardActionResult = {
        error: {
          status: 400,
          code: 'unknown_action',
          message: translatorFor(profile, context.activity.locale).t('common.outOfDate'),
        },
      };
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: invokeBody(result) },
      });
    },
    true,
  );
};

/** The tapped card's data field as a string, or undefined. Card data is input: never trust it. */
export const dataString = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' && value.length <= 512 ? value : undefined;
};
