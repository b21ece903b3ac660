import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics on one registry (GET /metrics). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  activities: Counter<'type'>;
  activitiesRefused: Counter<'reason'>;
  turnsFailed: Counter<'reason'>;
}

export const createMetrics = (options: { defaultMetrics?: boolean } = {}): Metrics => {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'hg_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'hg_http_requests_total',
      help: 'HTTP requests by route, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'hg_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    activities: new Counter({
      name: 'hg_activities_total',
      help: 'Bot Framework activities accepted for processing, by type (the schema\'s types; "other" for the rest)',
      labelNames: ['type'],
      registers: [registry],
    }),
    activitiesRefused: new Counter({
      name: 'hg_activities_refused_total',
      help: 'Bot Framework activities refused before processing, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    turnsFailed: new Counter({
      name: 'hg_turns_failed_total',
      help: 'Turns that failed after their activity was accepted: "reply_undelivered" when the connector did not take the reply, "error" otherwise',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
};
