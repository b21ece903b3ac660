import { Gauge, type Registry } from 'prom-client';
import type { HuntingPollerHealth } from './poller';

/**
 * The poller's health as gauges, read from the store at scrape time (any replica shows
 * the holder's progress): seconds since each query's last success, its lag behind now,
 * rows of its last run, failures in a row; and whether this replica holds the lease.
 */
export const bindHuntingMetrics = (registry: Registry, health: () => Promise<HuntingPollerHealth>): void => {
  const registers = [registry];
  /** An unreachable store leaves the gauges empty rather than fail the scrape; /readyz says why. */
  const read = () => health().catch(() => undefined);
  const perQuery = (
    name: string,
    help: string,
    value: (q: HuntingPollerHealth['queries'][number]) => number | undefined,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['query'],
      registers,
      async collect() {
        this.reset();
        for (const query of (await read())?.queries ?? []) {
          const v = value(query);
          if (v !== undefined) this.set({ query: query.name }, v);
        }
      },
    });
  const since = (iso: string | undefined) =>
    iso === undefined ? undefined : (Date.now() - Date.parse(iso)) / 1000;
  perQuery('helpdesk_guard_hunting_last_success_seconds', 'Seconds since the query last ran through.', (q) =>
    since(q.lastSuccessAt),
  );
  perQuery(
    'helpdesk_guard_hunting_lag_seconds',
    'How far the query’s watermark is behind now, in seconds.',
    (q) => (q.lagMs === undefined ? undefined : q.lagMs / 1000),
  );
  perQuery('helpdesk_guard_hunting_rows', 'Rows the query’s last run returned.', (q) => q.rowsLastRun);
  perQuery('helpdesk_guard_hunting_errors', 'Failed runs of the query in a row.', (q) => q.consecutiveErrors);
  new Gauge({
    name: 'helpdesk_guard_hunting_leader',
    help: '1 while this replica holds the hunting lease (runs the queries).',
    registers,
    async collect() {
      const health = await read();
      this.set(health?.leader ? 1 : 0);
    },
  });
};
