/**
 * Step three of startBot: the POST routes, and GET /media/<hash>.png (the cards' pictures). /api/messages always; each signal route only
 * when its source is configured (README: "Routes"); every one behind the per-address
 * inbound rate limit (INBOUND_RATE_LIMIT_PER_SECOND).
 */
import type { Application } from '@microsoft/teams-ai';
import { limitRoutes } from '../src/http/inbound-rate-limit';
import type { GetRoute, PostRoute } from '../src/http/server';
import { mediaLibraryFor } from '../src/media/media-library';
import { mediaRoute } from '../src/media/media-route';
import { WEBHOOK_MAX_BODY_BYTES, firstContactWebhook } from '../src/signals/webhook-handler';
import type { AppTurnState } from './app-turn-state';
import { createChannelTokenCheck } from './channel-token';
import { createMessagesEndpoint } from './messages-endpoint';
import type { Services } from './services';
import type { StartOptions } from './start-options';
import type { Workers } from './workers';

export interface Routes {
  routes: PostRoute[];
  /** The GET routes beyond health and metrics: the pictures, from the library the cards use. */
  getRoutes: GetRoute[];
  /** Resolves when the turns in flight have ended. */
  drain(): Promise<void>;
}

export const buildRoutes = (
  options: Pick<StartOptions, 'adapter'>,
  services: Services,
  app: Application<AppTurnState>,
  workers: Pick<Workers, 'signals' | 'graph'>,
): Routes => {
  const { config, log } = services;
  const messages = createMessagesEndpoint(services.adapter, app, {
    ...services,
    checkToken: config.bot
      ? createChannelTokenCheck({
          appId: config.bot.appId,
          log,
          openIdMetadataUrl: options.adapter?.openIdMetadataUrl,
        })
      : undefined,
  });
  const routes: PostRoute[] = [
    { path: '/api/messages', maxBodyBytes: config.maxBodyBytes, handler: messages.handler },
  ];
  // The webhook exists only with its secret: unsigned intake is never on (README: "Signals").
  if (config.signalWebhookSecret) {
    routes.push({
      path: '/api/signals/first-contact',
      maxBodyBytes: WEBHOOK_MAX_BODY_BYTES,
      raw: true,
      handler: firstContactWebhook({
        secret: config.signalWebhookSecret,
        homeTenantId: config.homeTenantId,
        log,
        // Shared by every replica in Redis mode, so a captured request replays nowhere.
        replays: services.stores.dedupe,
        enqueue: (signal) => workers.signals.enqueue(signal),
      }),
    });
  }
  // Graph change notifications: only with GRAPH_NOTIFICATION_URL (README: "Graph change notifications").
  if (workers.graph) routes.push(...workers.graph.routes);
  return {
    routes: limitRoutes(routes, { ...config.inbound, log }),
    getRoutes: [mediaRoute(mediaLibraryFor(services.profile))],
    drain: messages.drain,
  };
};
