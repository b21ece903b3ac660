/**
 * What the Graph first-contact source counts, as hooks the composition root binds to
 * prom-client (bindGraphFirstContactMetrics), so this code needs no registry and tests
 * can read plain numbers.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** Why a notification gave what it gave: `external` yielded signals, the rest did not. */
export type NotificationOutcome =
  | 'external'
  | 'internal'
  | 'unknown_chat'
  | 'internal_member'
  | 'not_created'
  | 'unrecognised'
  | 'other_tenant';

/** The hooks; every one is called synchronously and must not throw. */
export interface GraphFirstContactMetrics {
  /** A listChatMembers call ended: members found, chat unknown to Graph (404), or failed. */
  lookup(outcome: 'found' | 'not_found' | 'failed'): void;
  /** Members were taken from the cache or from a lookup already in flight: no Graph call. */
  cacheHit(): void;
  /** listChatMembers calls in flight now (a gauge). */
  inFlight(count: number): void;
  /** One notification handled by signalsFor. */
  notification(outcome: NotificationOutcome): void;
}

/** Hooks that count nothing: the default. */
export const noGraphFirstContactMetrics: GraphFirstContactMetrics = Object.freeze({
  lookup: () => undefined,
  cacheHit: () => undefined,
  inFlight: () => undefined,
  notification: () => undefined,
});

/**
 * Registers helpdesk_guard_graph_chat_lookups_total{outcome},
 * helpdesk_guard_graph_chat_lookup_cache_hits_total, helpdesk_guard_graph_chat_lookups_in_flight
 * and helpdesk_guard_graph_notifications_total{outcome}, and returns the hooks that feed them.
 */
export const bindGraphFirstContactMetrics = (registry: Registry): GraphFirstContactMetrics => {
  const registers = [registry];
  const lookups = new Counter({
    name: 'helpdesk_guard_graph_chat_lookups_total',
    help: 'Graph listChatMembers calls made to classify a chat, by outcome (found, not_found, failed).',
    labelNames: ['outcome'],
    registers,
  });
  const hits = new Counter({
    name: 'helpdesk_guard_graph_chat_lookup_cache_hits_total',
    help: 'Chat member lookups answered from the per-chat cache or a lookup already in flight.',
    registers,
  });
  const inFlight = new Gauge({
    name: 'helpdesk_guard_graph_chat_lookups_in_flight',
    help: 'Graph listChatMembers calls in flight (bounded by the configured concurrency).',
    registers,
  });
  const notifications = new Counter({
    name: 'helpdesk_guard_graph_notifications_total',
    help: 'Graph chat notifications classified, by outcome (external yields first-contact signals).',
    labelNames: ['outcome'],
    registers,
  });
  return {
    lookup: (outcome) => lookups.inc({ outcome }),
    cacheHit: () => hits.inc(),
    inFlight: (count) => inFlight.set(count),
    notification: (outcome) => notifications.inc({ outcome }),
  };
};
