import type { Logger } from '../log/logger';
import { type BackoffOptions, retryDelayMs, sleep as realSleep } from './backoff';
import type { EventMetrics } from './metrics';
import type { Outbox, OutboxEntry } from './outbox/outbox';
import { type EventSink, toSinkError } from './sinks/sink';

export interface ForwarderOptions {
  sink: EventSink;
  outbox: Outbox;
  /** This replica's consumer name in the sink's group. */
  consumer: string;
  batchSize: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  log: Logger;
  metrics: Pick<EventMetrics, 'delivered' | 'failed' | 'deadLettered'>;
  /** How long one outbox read waits for new events. */
  blockMs?: number;
  /**
   * How often the batch in flight is touched (Outbox.touch), well within the outbox's
   * claim time, so a long send or retry wait is never taken over by another replica. 2 s by default.
   */
  heartbeatMs?: number;
  /** Replaced in tests to skip the waits. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Delivers one sink's share of the outbox: read a batch, send it, ack it. A failing batch
 * is retried with backoff (honouring Retry-After) up to maxAttempts, then dead-lettered;
 * a batch the sink rejects as malformed is split in halves until the bad event is alone,
 * and only that one is dead-lettered. Events are never rebuilt, so EventId never changes.
 */
export class SinkForwarder {
  private running = false;
  private loop?: Promise<void>;
  private halted = new AbortController();
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly log: Logger;
  /** The outbox IDs of the batch being delivered (touched by the heartbeat). */
  private readonly held = new Set<string>();

  constructor(private readonly options: ForwarderOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.log = options.log.child({ sink: options.sink.name });
  }

  get sinkName(): string {
    return this.options.sink.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.halted = new AbortController();
    this.loop = this.run();
  }

  /** Stops reading and cuts backoff waits short; resolves once the current send ended. */
  async halt(): Promise<void> {
    this.running = false;
    this.halted.abort();
    await this.loop;
  }

  /** Signals the loop to stop without waiting (the owner then wakes blocked reads). */
  requestHalt(): void {
    this.running = false;
    this.halted.abort();
  }

  private async run(): Promise<void> {
    const heartbeat = setInterval(() => void this.touchHeld(), this.options.heartbeatMs ?? 2_000);
    heartbeat.unref();
    try {
      await this.resume();
      await this.forward();
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Delivers first what this consumer held when its process died (a restart under the
   * same REPLICA_ID), before anything new: those events waited longest.
   */
  private async resume(): Promise<void> {
    const { outbox, sink, consumer, batchSize } = this.options;
    while (this.running) {
      let entries: OutboxEntry[];
      try {
        entries = await outbox.recover(sink.name, consumer, batchSize);
      } catch (err) {
        if (!this.running) return;
        this.log.warn({ err }, 'events: cannot read the outbox; trying again in 1 s');
        await this.sleep(1_000, this.halted.signal);
        continue;
      }
      if (entries.length === 0) return;
      this.log.info(
        { events: entries.length },
        'events: resuming the batch this replica held before it restarted',
      );
      await this.deliver(entries);
      // A batch not done (stopping) is still ours: the next start resumes it.
      if (entries.length < batchSize) return;
    }
  }

  private async touchHeld(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.options.outbox.touch(this.options.sink.name, this.options.consumer, [...this.held]);
    } catch (err) {
      this.log.warn({ err }, 'events: cannot renew the claim on a batch; another replica may send it too');
    }
  }

  private async forward(): Promise<void> {
    const { outbox, sink, consumer, batchSize } = this.options;
    while (this.running) {
      let entries: OutboxEntry[];
      try {
        entries = await outbox.read(sink.name, consumer, batchSize, this.options.blockMs ?? 1_000);
      } catch (err) {
        if (!this.running) break;
        this.log.warn({ err }, 'events: cannot read the outbox; trying again in 1 s');
        await this.sleep(1_000, this.halted.signal);
        continue;
      }
      if (entries.length > 0) await this.deliver(entries);
    }
  }

  /**
   * Sends once per pending batch without retry waits: what stop() can still flush from a
   * memory outbox before the process goes. Returns how many events it delivered.
   */
  async drain(deadline: number): Promise<number> {
    const { outbox, sink, consumer, batchSize } = this.options;
    let delivered = 0;
    while (Date.now() < deadline) {
      const entries = await outbox.read(sink.name, consumer, batchSize, 0);
      if (entries.length === 0) break;
      if (!(await this.attempt(entries, 1, true))) {
        await outbox.release(
          sink.name,
          consumer,
          entries.map((entry) => entry.id),
        );
        break;
      }
      delivered += entries.length;
    }
    return delivered;
  }

  private async deliver(entries: OutboxEntry[]): Promise<void> {
    const ids = entries.map((entry) => entry.id);
    for (const id of ids) this.held.add(id);
    try {
      await this.deliverHeld(entries, ids);
    } finally {
      for (const id of ids) this.held.delete(id);
    }
  }

  private async deliverHeld(entries: OutboxEntry[], ids: string[]): Promise<void> {
    const { outbox, sink, consumer, maxAttempts } = this.options;
    // Hand-outs before this one (a replica died mid-delivery) count as attempts too.
    let attempt = Math.max(1, ...entries.map((entry) => entry.deliveries));
    for (;;) {
      if (await this.attempt(entries, attempt, false)) return;
      if (!this.running) {
        await outbox.release(sink.name, consumer, ids);
        return;
      }
      if (attempt >= maxAttempts) return;
      attempt += 1;
      // The heartbeat kept the claim during the wait; renewed once more before the next try.
      await this.touchHeld();
    }
  }

  /**
   * One delivery attempt. True when the batch is done (delivered or dead-lettered);
   * false when it should be tried again (after the backoff wait, already slept here).
   */
  private async attempt(entries: OutboxEntry[], attempt: number, once: boolean): Promise<boolean> {
    const { outbox, sink, maxAttempts, metrics } = this.options;
    try {
      await sink.send(entries.map((entry) => entry.event));
    } catch (raw) {
      const err = toSinkError(raw, sink.name);
      metrics.failed.inc({ sink: sink.name }, entries.length);
      if (!err.retryable) {
        if (entries.length > 1 && !once) {
          // Malformed data: isolate the event the sink refuses, deliver the rest.
          const middle = Math.ceil(entries.length / 2);
          await this.deliver(entries.slice(0, middle));
          await this.deliver(entries.slice(middle));
          return true;
        }
        if (once) return false;
        await this.deadLetter(entries, err.message, attempt);
        return true;
      }
      if (once) return false;
      if (attempt >= maxAttempts) {
        await this.deadLetter(entries, err.message, attempt);
        return true;
      }
      const delay = retryDelayMs(attempt, this.options.backoff, err.retryAfterMs);
      this.log.warn(
        {
          err: { code: err.code, status: err.status, message: err.message },
          attempt,
          events: entries.length,
          retryInMs: delay,
        },
        'events: delivery failed; will retry',
      );
      await this.sleep(delay, this.halted.signal);
      return false;
    }
    metrics.delivered.inc({ sink: sink.name }, entries.length);
    try {
      await outbox.ack(
        sink.name,
        entries.map((entry) => entry.id),
      );
    } catch (err) {
      // Delivered but not acked: it will be sent again (a duplicate, never a loss).
      this.log.warn({ err, events: entries.length }, 'events: delivered but cannot ack in the outbox');
    }
    return true;
  }

  private async deadLetter(entries: OutboxEntry[], reason: string, attempts: number): Promise<void> {
    const { outbox, sink, metrics } = this.options;
    try {
      await outbox.deadLetter(sink.name, entries, reason, attempts);
      metrics.deadLettered.inc({ sink: sink.name }, entries.length);
      this.log.error(
        {
          events: entries.length,
          attempts,
          reason,
          eventIds: entries.slice(0, 20).map((entry) => entry.event.EventId),
        },
        'events: moved to the dead-letter stream; fix the sink, then run "helpdesk-guard events replay"',
      );
    } catch (err) {
      // Left pending in the outbox: it will be handed out (and tried) again.
      this.log.error(
        { err, events: entries.length },
        'events: cannot dead-letter a batch; it stays in the outbox',
      );
    }
  }
}
