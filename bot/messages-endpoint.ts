import type { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { describeBodyIssues } from '../src/http/describe-issues';
import { requestLog } from '../src/http/server';
import { activityTenantId } from './activity-user';
import type { AppTurnState } from './app';
import type { Deps } from './deps';

/** The fields every handler relies on; anything less is a 400, never a 500. */
const activityShape = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    from: z.object({ id: z.string().min(1) }).passthrough(),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    recipient: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/**
 * POST /api/messages: shape check, then the adapter (which authenticates the Bot
 * Framework token when credentials are set), then the tenant guard, then the app.
 */
export const messagesEndpoint =
  (
    adapter: TeamsAdapter,
    app: Application<AppTurnState>,
    { config, log, metrics }: Pick<Deps, 'config' | 'log' | 'metrics'>,
  ) =>
  async (req: Request, res: Response): Promise<void> => {
    const reqLog = requestLog(req, log);
    const shape = activityShape.safeParse(req.body);
    if (!shape.success) {
      metrics.activitiesRefused.inc({ reason: 'invalid' });
      reqLog.info({ reason: describeBodyIssues(shape.error) }, 'activity refused: invalid');
      res.send(400, {
        code: 'activity_invalid',
        message: `Not a Bot Framework activity: ${describeBodyIssues(shape.error)}`,
      });
      return;
    }
    await adapter.process(req, res, async (context) => {
      const { activity } = context;
      const tenantId = activityTenantId(activity);
      if (tenantId !== config.homeTenantId) {
        // Other tenants are not ours to serve: no reply, no state, just a log line and a count.
        metrics.activitiesRefused.inc({ reason: 'tenant' });
        reqLog.warn(
          { activityId: activity.id, type: activity.type, tenantId: tenantId ?? null },
          'activity refused: foreign tenant',
        );
        return;
      }
      metrics.activities.inc({ type: activity.type });
      reqLog.debug({ activityId: activity.id, type: activity.type }, 'activity received');
      await app.run(context);
    });
  };
