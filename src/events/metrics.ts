import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log/logger';
import type { SinkBacklog } from './outbox/outbox';

/** The pipeline's Prometheus metrics (GET /metrics). */
export interface EventMetrics {
  emitted: Counter<'event_type'>;
  delivered: Counter<'sink'>;
  /** Events in failed delivery attempts (a batch of 10 failing twice counts 20). */
  failed: Counter<'sink'>;
  deadLettered: Counter<'sink'>;
}

/**
 * Registers the counters, and two gauges read from the outbox at scrape time:
 * helpdesk_guard_events_outbox_lag (emitted, not yet delivered) and
 * helpdesk_guard_events_dead_letters (waiting for `helpdesk-guard events replay`).
 */
export const createEventMetrics = (
  registry: Registry,
  sinks: readonly string[],
  backlog: (sink: string) => Promise<SinkBacklog>,
  log: Logger,
): EventMetrics => {
  const registers = [registry];
  const readAll = async (): Promise<Map<string, SinkBacklog>> => {
    const results = await Promise.allSettled(sinks.map((sink) => backlog(sink)));
    const out = new Map<string, SinkBacklog>();
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') out.set(sinks[i], result.value);
      // A scrape during a Redis outage keeps the last values rather than failing /metrics.
      else
        log.warn(
          { err: result.reason, sink: sinks[i] },
          'events: cannot read the outbox backlog for metrics',
        );
    });
    return out;
  };
  new Gauge({
    name: 'helpdesk_guard_events_outbox_lag',
    help: 'Events in the outbox not yet delivered to the sink (waiting or in flight).',
    labelNames: ['sink'],
    registers,
    async collect() {
      for (const [sink, value] of await readAll()) this.set({ sink }, value.lag);
    },
  });
  new Gauge({
    name: 'helpdesk_guard_events_dead_letters',
    help: 'Events in the sink\'s dead-letter stream, waiting for "helpdesk-guard events replay".',
    labelNames: ['sink'],
    registers,
    async collect() {
      for (const [sink, value] of await readAll()) this.set({ sink }, value.deadLettered);
    },
  });
  return {
    emitted: new Counter({
      name: 'helpdesk_guard_events_emitted_total',
      help: 'Events written to the outbox.',
      labelNames: ['event_type'],
      registers,
    }),
    delivered: new Counter({
      name: 'helpdesk_guard_events_delivered_total',
      help: 'Events a sink accepted.',
      labelNames: ['sink'],
      registers,
    }),
    failed: new Counter({
      name: 'helpdesk_guard_events_delivery_failed_total',
      help: 'Events in delivery attempts that failed (each retry counts again).',
      labelNames: ['sink'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'helpdesk_guard_events_dead_lettered_total',
      help: 'Events moved to the dead-letter stream after the last attempt or a permanent rejection.',
      labelNames: ['sink'],
      registers,
    }),
  };
};
