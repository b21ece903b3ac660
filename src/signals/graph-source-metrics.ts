import { Counter, Gauge, type Registry } from 'prom-client';
import type { NotificationCounters } from '../graph/notifications/notification-route';
import type { SubscriptionsHealth } from '../graph/subscriptions/subscription-health';

/** What the Graph source counts, bound to prom-client; names share the helpdesk_guard_graph_ prefix. */
export interface GraphSourceMetrics {
  /** The endpoints' counters: accepted by kind, dropped by reason (wrong clientState, bad token...). */
  route: NotificationCounters;
  /** Queued notifications the worker could not open, by reason. */
  unopened(reason: string): void;
}

/**
 * Registers the notification counters, and gauges of subscription health read at scrape
 * time: seconds to expiry, seconds since the last notification, failures in a row, and
 * whether this replica holds the subscription lease.
 */
export const bindGraphSourceMetrics = (
  registry: Registry,
  health: () => Promise<SubscriptionsHealth>,
): GraphSourceMetrics => {
  const registers = [registry];
  const accepted = new Counter({
    name: 'helpdesk_guard_graph_notifications_accepted_total',
    help: 'Graph notifications stored for processing, by kind (change, lifecycle).',
    labelNames: ['kind'],
    registers,
  });
  const dropped = new Counter({
    name: 'helpdesk_guard_graph_notifications_dropped_total',
    help: 'Graph notifications dropped, by reason (client_state_mismatch, validation_token_invalid, decryption...).',
    labelNames: ['reason'],
    registers,
  });
  const gauge = (
    name: string,
    help: string,
    read: (h: SubscriptionsHealth, set: (name: string, v: number) => void) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['subscription'],
      registers,
      async collect() {
        this.reset();
        try {
          read(await health(), (subscription, v) => this.set({ subscription }, v));
        } catch {
          // The store is down: /readyz says so; the gauges stay empty rather than fail the scrape.
        }
      },
    });
  const secondsUntil = (iso: string | undefined, now: number) =>
    iso === undefined ? undefined : (Date.parse(iso) - now) / 1000;
  gauge(
    'helpdesk_guard_graph_subscription_expiry_seconds',
    'Seconds until the subscription expires (negative: expired).',
    (h, set) => {
      for (const s of h.subscriptions) {
        const left = secondsUntil(s.expiresAt, Date.now());
        if (left !== undefined) set(s.name, left);
      }
    },
  );
  gauge(
    'helpdesk_guard_graph_subscription_last_notification_seconds',
    'Seconds since the subscription last delivered a notification.',
    (h, set) => {
      for (const s of h.subscriptions) {
        const since = secondsUntil(s.lastNotificationAt, Date.now());
        if (since !== undefined) set(s.name, -since);
      }
    },
  );
  gauge(
    'helpdesk_guard_graph_subscription_failures',
    'Failed create or renew attempts in a row.',
    (h, set) => {
      for (const s of h.subscriptions) set(s.name, s.failures);
    },
  );
  gauge(
    'helpdesk_guard_graph_subscription_active',
    '1 while the subscription exists and has not expired.',
    (h, set) => {
      for (const s of h.subscriptions) set(s.name, s.state === 'active' ? 1 : 0);
    },
  );
  return {
    route: {
      accepted: (kind) => accepted.inc({ kind }),
      dropped: (reason) => dropped.inc({ reason }),
    },
    unopened: (reason) => dropped.inc({ reason }),
  };
};
