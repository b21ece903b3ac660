import type { HelpdeskEvent } from '../schema';

/** One event handed to one sink's worker. */
export interface OutboxEntry {
  /** The outbox's own ID of the entry (a stream ID in Redis); not the EventId. */
  id: string;
  event: HelpdeskEvent;
  /** How many times this entry has been handed out to this sink (1 on the first try). */
  deliveries: number;
}

/** An event that a sink could not take after every attempt. */
export interface DeadLetter {
  id: string;
  event: HelpdeskEvent;
  reason: string;
  failedAt: string;
  attempts: number;
}

/** Per-sink state, for metrics and `helpdesk-guard events status`. */
export interface SinkBacklog {
  /** Events appended but not yet delivered or dead-lettered (waiting plus in flight). */
  lag: number;
  deadLettered: number;
}

/**
 * The outbox: every event is appended here before any sink sees it, and each sink reads
 * it on its own (one cursor per sink, so a slow sink never holds the others back).
 * An entry read but not acked is handed out again: to the same sink's worker after
 * release(), or, in Redis, to any replica once its reader has been silent for a while.
 */
export interface Outbox {
  readonly kind: 'memory' | 'redis';
  /** Resolves once the event is stored (in Redis: accepted by the server). */
  append(event: HelpdeskEvent): Promise<void>;
  /**
   * Up to `count` entries for `sink`: first those a silent consumer abandoned (claimed
   * for this one), then new ones, waiting up to `blockMs` when there are none.
   */
  read(sink: string, consumer: string, count: number, blockMs: number): Promise<OutboxEntry[]>;
  /**
   * Up to `count` entries of `sink` handed to `consumer` and never acked, each handed out
   * again: what a replica restarted under the same consumer name delivers first. Only
   * while this process holds none of them (at start).
   */
  recover(sink: string, consumer: string, count: number): Promise<OutboxEntry[]>;
  /** The sink has the events: they are done for this sink. */
  ack(sink: string, ids: readonly string[]): Promise<void>;
  /** Hands entries back unacked (stopping mid-retry): the next read of any consumer gets them. */
  release(sink: string, consumer: string, ids: readonly string[]): Promise<void>;
  /** Keeps entries a worker is still retrying from being claimed by another replica. */
  touch(sink: string, consumer: string, ids: readonly string[]): Promise<void>;
  /** Moves entries to the sink's dead-letter store and acks them, in one step. */
  deadLetter(sink: string, entries: readonly OutboxEntry[], reason: string, attempts: number): Promise<void>;
  deadLetters(sink: string, count: number): Promise<DeadLetter[]>;
  /** Moves up to `limit` dead letters back into the outbox, for this sink only; returns how many. */
  replay(sink: string, limit?: number): Promise<number>;
  backlog(sink: string): Promise<SinkBacklog>;
  /** Housekeeping (trimming what every sink has delivered); called periodically. */
  maintain(): Promise<void>;
  /** Wakes blocked readers and frees connections; the outbox is unusable afterwards. */
  close(): Promise<void>;
}
