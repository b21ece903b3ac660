import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type Activity, type InvokeResponse } from 'botbuilder';
import type { Request, Response } from 'restify';
import { errorBody, type ErrorCode } from '../src/errors';
import { describeBodyIssues } from '../src/http/describe-issues';
import { requestLog } from '../src/http/server';
import { activityShape } from './activity-shape';
import { activityTenantId } from './activity-user';
import type { GuardAdapter } from './adapter';
import type { AppTurnState } from './app-turn-state';
import { ChannelTokenRefused, type ChannelTokenCheck } from './channel-token';
import type { Deps } from './deps';

/** Teams waits 5 s for an invoke's answer (a card tap); past that the user sees an error anyway. */
const INVOKE_DEADLINE_MS = 4_500;
/**
 * Other activities are answered once their turn ends or after this, whichever is first: a
 * reply the connector is slow to take (or cannot take) must not hold the request, which
 * Teams abandons after 15 s and then sends again.
 */
const ACK_DEADLINE_MS = 800;

/** Activity types as metric labels: the schema's own, and `other` for whatever else is sent. */
const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));
export const activityTypeLabel = (type: string): string => (KNOWN_TYPES.has(type) ? type : 'other');

const UNAUTHORIZED = errorBody(
  'unauthorized',
  'A valid Bot Framework token (Authorization: Bearer ...) is required.',
);
const INVOKE_UNSUPPORTED = errorBody('invoke_unsupported', 'This bot does not handle that invoke.');
/** The error body an Adaptive Card action understands (HTTP 200, the status in the body). */
const invokeError = (statusCode: number, code: ErrorCode, message: string): InvokeResponse => ({
  status: 200,
  body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } },
});

/** The SDK's own timestamp fix-up (CloudAdapter.process does it before processActivity). */
const fixTimestamps = (activity: Activity): Activity => {
  const raw = activity as unknown as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[`raw${field[0].toUpperCase()}${field.slice(1)}`] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
};

export interface MessagesEndpointDeps extends Pick<Deps, 'config' | 'log' | 'metrics'> {
  /** Our check of the channel token; set whenever the bot has credentials. */
  checkToken?: ChannelTokenCheck;
}

/**
 * POST /api/messages: the shape check, the channel token (ours, then the SDK's), the tenant
 * guard, then the turn. Every way in ends in a JSON 4xx or the documented answer: the SDK
 * never answers the request itself, a reply that cannot be delivered is logged and counted,
 * and a slow turn finishes after the request was answered. `drain()` waits for such turns.
 */
export const createMessagesEndpoint = (
  adapter: GuardAdapter,
  app: Application<AppTurnState>,
  { config, log, metrics, checkToken }: MessagesEndpointDeps,
) => {
  const inFlight = new Set<Promise<unknown>>();

  /** Runs the turn; never rejects: a failure is logged and counted, and comes back as undefined. */
  const runTurn = (
    auth: Awaited<ReturnType<GuardAdapter['authenticate']>>,
    activity: Activity,
    reqLog: typeof log,
  ): Promise<{ invokeResponse?: InvokeResponse; failed?: true }> => {
    const turn = adapter
      .runTurn(auth, activity, async (context) => {
        await app.run(context);
      })
      .then(
        (invokeResponse) => ({ invokeResponse }),
        (err: unknown) => {
          metrics.turnsFailed.inc({ reason: 'error' });
          reqLog.error(
            { err, activityId: activity.id, type: activityTypeLabel(activity.type) },
            'turn failed',
          );
          return { failed: true as const };
        },
      );
    inFlight.add(turn);
    void turn.finally(() => inFlight.delete(turn));
    return turn;
  };

  const handler = async (req: Request, res: Response): Promise<void> => {
    const reqLog = requestLog(req, log);
    const shape = activityShape.safeParse(req.body);
    if (!shape.success) {
      metrics.activitiesRefused.inc({ reason: 'invalid' });
      reqLog.info({ reason: describeBodyIssues(shape.error) }, 'activity refused: invalid');
      res.send(
        400,
        errorBody('activity_invalid', `Not a Bot Framework activity: ${describeBodyIssues(shape.error)}`),
      );
      return;
    }
    const activity = fixTimestamps(req.body as Activity);

    let auth: Awaited<ReturnType<GuardAdapter['authenticate']>>;
    try {
      // Local mode has no credentials to check a token against: authentication is off, whatever is sent.
      const authorization = config.bot ? (req.header('authorization') ?? '') : '';
      if (checkToken) await checkToken(authorization, activity);
      auth = await adapter.authenticate(activity, authorization);
    } catch (err) {
      metrics.activitiesRefused.inc({ reason: 'unauthorized' });
      const reason =
        err instanceof ChannelTokenRefused ? err.reason : `refused by the SDK: ${(err as Error).message}`;
      reqLog.info({ reason }, 'activity refused: unauthorized');
      res.send(401, UNAUTHORIZED);
      return;
    }

    const tenantId = activityTenantId(activity);
    if (tenantId !== config.homeTenantId) {
      // Other tenants are not ours to serve: no reply, no state, just a log line and a count.
      metrics.activitiesRefused.inc({ reason: 'tenant' });
      reqLog.warn(
        { activityId: activity.id, type: activityTypeLabel(activity.type), tenantId: tenantId ?? null },
        'activity refused: foreign tenant',
      );
      res.send(200);
      return;
    }
    metrics.activities.inc({ type: activityTypeLabel(activity.type) });
    reqLog.debug({ activityId: activity.id, type: activity.type }, 'activity received');

    const turn = runTurn(auth, activity, reqLog);
    const answersWithBody =
      activity.type === ActivityTypes.Invoke || activity.deliveryMode === 'expectReplies';
    const deadline = answersWithBody ? INVOKE_DEADLINE_MS : ACK_DEADLINE_MS;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      turn,
      new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline))),
    ]);
    clearTimeout(timer);
    if (!answersWithBody) {
      res.send(200);
      return;
    }
    const answer =
      outcome === 'late'
        ? invokeError(503, 'busy', 'That took too long on my side; please try again in a moment.')
        : outcome.failed
          ? invokeError(500, 'internal_error', 'Something went wrong on my side; please try again.')
          : outcome.invokeResponse;
    if (outcome === 'late') reqLog.warn({ activityId: activity.id, deadline }, 'invoke not answered in time');
    // No handler set a response (an invoke this bot does not serve): the SDK would say 501.
    if (!answer || answer.status === 501) {
      res.send(400, INVOKE_UNSUPPORTED);
      return;
    }
    res.send(answer.status, answer.body);
  };

  return {
    handler,
    /** Resolves when every turn still running after its request was answered has ended. */
    drain: async (): Promise<void> => {
      await Promise.allSettled([...inFlight]);
    },
  };
};
