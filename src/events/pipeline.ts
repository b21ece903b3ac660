import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { EventsConfig } from '../config/events-config';
import { HelpdeskGuardError } from '../errors';
import type { Logger } from '../log/logger';
import type { Stores } from '../store/stores';
import type { EventPublisher } from './event-publisher';
import { SinkForwarder } from './forwarder';
import { createEventMetrics } from './metrics';
import type { Outbox } from './outbox/outbox';
import { buildEvent, type EventInput, type HelpdeskEvent } from './schema';
import { createSinks, type SinkOverrides } from './sinks/create-sinks';
import type { EventSink } from './sinks/sink';
import { stripSecretDetails } from './strip-secret-details';

export interface EventPipeline extends EventPublisher {
  /**
   * Builds the event (new EventId, TimeGenerated now), removes secret-named Details keys
   * (see strip-secret-details.ts), writes it to the outbox (durably with Redis) and
   * returns it. Rejects with `store_unavailable` when the outbox cannot take it.
   */
  emit(input: EventInput): Promise<HelpdeskEvent>;
  /** Starts one delivery worker per sink. */
  start(): void;
  /**
   * Stops the workers and flushes what it can: with the memory outbox, one more try per
   * pending batch (bounded by flushTimeoutMs); with Redis, undelivered events simply stay
   * in the stream for the next start or another replica.
   */
  stop(): Promise<void>;
  /** The configured sinks' names (file, splunk, logs-ingestion, syslog, webhook). */
  readonly sinkNames: readonly string[];
  /** The outbox, for status tools and tests. */
  readonly outbox: Outbox;
}

export interface EventPipelineDeps {
  config: EventsConfig;
  tenantId: string;
  log: Logger;
  registry: Registry;
  /** Where the outbox lives: memory (one process) or Redis (durable, shared by replicas). */
  stores: Pick<Stores, 'outbox'>;
  /** Replace the sinks built from config (tests, embedding). */
  sinks?: EventSink[];
  sinkOverrides?: SinkOverrides;
  /**
   * This replica's consumer name (REPLICA_ID): a restart under the same name resumes its
   * own batches at once. Host, pid and a random suffix by default (nothing to resume).
   */
  consumer?: string;
  /** How long stop() may spend flushing a memory outbox. */
  flushTimeoutMs?: number;
  /** How often the Redis outbox is trimmed. */
  maintainIntervalMs?: number;
  /** How long a worker's outbox read waits for new events. */
  readBlockMs?: number;
}

/** Builds the outbox, the sinks and their workers; bot/index.ts calls this once. */
export const createEventPipeline = (deps: EventPipelineDeps): EventPipeline => {
  const { config, tenantId } = deps;
  const log = deps.log.child({ component: 'events' });
  const sinks = deps.sinks ?? createSinks(config, deps.sinkOverrides);
  const sinkNames = sinks.map((sink) => sink.name);
  const outbox = deps.stores.outbox(sinkNames, config.claimIdleMs);
  const metrics = createEventMetrics(deps.registry, sinkNames, (sink) => outbox.backlog(sink), log);
  const consumer = deps.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const forwarders = sinks.map(
    (sink) =>
      new SinkForwarder({
        sink,
        outbox,
        consumer,
        batchSize: config.batchSize,
        maxAttempts: config.maxAttempts,
        backoff: {
          baseMs: config.retryBaseMs,
          maxMs: config.retryMaxMs,
          retryAfterMaxMs: config.retryAfterMaxMs,
        },
        log,
        metrics,
        blockMs: deps.readBlockMs,
        // Four beats per claim time: only a dead replica's batches are ever taken over.
        heartbeatMs: Math.max(250, Math.floor(config.claimIdleMs / 4)),
      }),
  );
  let maintainTimer: NodeJS.Timeout | undefined;

  const maintain = async (): Promise<void> => {
    try {
      await outbox.maintain();
    } catch (err) {
      log.warn({ err }, 'events: outbox housekeeping failed; will try again');
    }
  };

  if (sinks.length === 0)
    log.warn(
      'events: no sink configured; events are built but go nowhere (see EVENT_LOG_FILE, SPLUNK_HEC_URL, ...)',
    );

  return {
    sinkNames,
    outbox,

    async emit(input: EventInput): Promise<HelpdeskEvent> {
      const { details, removed } = stripSecretDetails(input.Details ?? {});
      if (removed.length > 0) {
        log.warn(
          { eventType: input.EventType, removedKeys: removed },
          'events: removed secret-named Details keys before emitting',
        );
      }
      const event = buildEvent({ ...input, Details: details }, tenantId);
      if (sinks.length > 0) {
        try {
          await outbox.append(event);
        } catch (err) {
          throw new HelpdeskGuardError(
            'store_unavailable',
            `cannot write ${event.EventType} event to the ${outbox.kind} outbox: ${(err as Error).message}`,
            {
              cause: err,
            },
          );
        }
      }
      metrics.emitted.inc({ event_type: event.EventType });
      return event;
    },

    start(): void {
      for (const forwarder of forwarders) forwarder.start();
      if (outbox.kind === 'redis' && !maintainTimer) {
        maintainTimer = setInterval(() => void maintain(), deps.maintainIntervalMs ?? 10_000);
        maintainTimer.unref();
      }
    },

    async stop(): Promise<void> {
      if (maintainTimer) clearInterval(maintainTimer);
      maintainTimer = undefined;
      for (const forwarder of forwarders) forwarder.requestHalt();
      // Closing wakes reads blocked on an empty outbox, so the workers can end.
      await outbox.close();
      const halted = await Promise.allSettled(forwarders.map((forwarder) => forwarder.halt()));
      halted.forEach((result, i) => {
        if (result.status === 'rejected')
          log.error({ err: result.reason, sink: sinkNames[i] }, 'events: worker ended with an error');
      });
      if (outbox.kind === 'memory') {
        const deadline = Date.now() + (deps.flushTimeoutMs ?? 5_000);
        const flushed = await Promise.allSettled(forwarders.map((forwarder) => forwarder.drain(deadline)));
        for (const [i, result] of flushed.entries()) {
          const left = (await outbox.backlog(sinkNames[i])).lag;
          if (result.status === 'rejected')
            log.error({ err: result.reason, sink: sinkNames[i] }, 'events: flush failed');
          if (left > 0)
            log.error(
              { sink: sinkNames[i], lost: left },
              'events: undelivered events lost at shutdown (memory outbox; set REDIS_URL to keep them)',
            );
        }
      }
      const closed = await Promise.allSettled(sinks.map((sink) => sink.close?.()));
      closed.forEach((result, i) => {
        if (result.status === 'rejected')
          log.warn({ err: result.reason, sink: sinkNames[i] }, 'events: closing the sink failed');
      });
    },
  };
};
