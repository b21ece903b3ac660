import type { Logger } from '../log/logger';
import type { QueueMessage, WorkQueue } from './ports';

/** Who this replica is to the queues: the same for every queue worker of one process. */
export interface WorkerIdentity {
  /** Its consumer name: stable across restarts, unique among live replicas (REPLICA_ID). */
  consumer: string;
  /** How often jobs in flight are extended: well within the queues' claim time. */
  heartbeatMs: number;
}

/**
 * Whether the worker should run fewer jobs at once right now: the HTTP intake saturating
 * the event loop the worker shares (src/http/intake-pressure.ts).
 */
export interface WorkerPressure {
  busy(): boolean;
}

/** A process without a configured identity (tests, tools): its pid, which no restart keeps. */
export const localIdentity = (): WorkerIdentity => ({ consumer: `local-${process.pid}`, heartbeatMs: 2_000 });

export interface QueueWorkerOptions<T> {
  queue: WorkQueue<T>;
  /**
   * This replica's consumer name (Redis Streams consumer group member): stable across
   * restarts (REPLICA_ID), so a restarted replica finds its own unfinished items.
   */
  consumer: string;
  /** Messages handled at once. */
  concurrency: number;
  /**
   * While this says busy, at most `busyConcurrency` messages are handled at once, so
   * acknowledgements keep their latency and the worker catches up right after.
   */
  pressure?: WorkerPressure;
  /** Messages handled at once under pressure: a quarter of `concurrency` (at least 1) by default. */
  busyConcurrency?: number;
  /**
   * Handles one message. Resolves true when it is done (acked), false to have it handed
   * out again later; a throw counts as false and is logged.
   */
  handle: (message: QueueMessage<T>) => Promise<boolean>;
  /** A message handed out this often without success is given up (acked) after `onGiveUp`. */
  maxDeliveries: number;
  onGiveUp?: (message: QueueMessage<T>, reason: string) => Promise<void>;
  log: Logger;
  /** What the log lines call this worker. */
  name: string;
  blockMs?: number;
  /**
   * How often the items in flight are extended (WorkQueue.extend), well within the
   * queue's claim time, so a slow job (a rate-limit wait, a retry) is never taken over
   * while this replica is alive. 2 s by default.
   */
  heartbeatMs?: number;
}

/** Items recovered at start at most; a consumer never holds more than its concurrency plus claims. */
const RECOVER_LIMIT = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs a pool of up to `concurrency` jobs fed from a work queue: each slot is refilled as
 * soon as its job ends, so one slow job (a rate-limit wait, a retry backoff) never holds
 * the others back. At start it first resumes the items this consumer held when its
 * process died; while jobs run it extends their claim; stop() stops taking work, lets
 * the jobs in flight finish within a grace time, and hands the rest back.
 */
export const createQueueWorker = <T>(options: QueueWorkerOptions<T>) => {
  const { queue, log, consumer } = options;
  let running = false;
  let loop: Promise<void> | undefined;
  /** Message IDs in flight, extended by the heartbeat and handed back by stop(). */
  const held = new Set<string>();
  let heartbeat: NodeJS.Timeout | undefined;

  const processMessage = async (message: QueueMessage<T>): Promise<void> => {
    let done = false;
    let reason = 'not done';
    try {
      done = await options.handle(message);
    } catch (err) {
      reason = (err as Error).message;
      log.error(
        { err, messageId: message.id, deliveries: message.deliveries },
        `${options.name}: job failed; will retry`,
      );
    }
    if (done) {
      await queue.ack(message.id);
    } else if (message.deliveries >= options.maxDeliveries) {
      await options.onGiveUp?.(message, reason);
      await queue.ack(message.id);
    }
  };

  const extendHeld = async (): Promise<void> => {
    if (held.size === 0) return;
    try {
      await queue.extend(consumer, [...held]);
    } catch (err) {
      log.warn(
        { err, jobs: held.size },
        `${options.name}: cannot extend the jobs in flight; another replica may take them`,
      );
    }
  };

  /** This consumer's items left unacked by its previous process, or none (a first start, or memory). */
  const recover = async (): Promise<QueueMessage<T>[]> => {
    for (;;) {
      if (!running) return [];
      try {
        const recovered = await queue.recover(consumer, RECOVER_LIMIT);
        if (recovered.length > 0)
          log.info(
            { jobs: recovered.length },
            `${options.name}: resuming the jobs this replica held before it restarted`,
          );
        return recovered;
      } catch (err) {
        log.error({ err }, `${options.name}: queue unavailable; retrying in 1 s`);
        await sleep(1_000);
      }
    }
  };

  const run = async (): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    const launch = (message: QueueMessage<T>): void => {
      held.add(message.id);
      const job: Promise<void> = processMessage(message)
        .catch((err: unknown) => log.error({ err, messageId: message.id }, `${options.name}: could not ack`))
        .finally(() => {
          held.delete(message.id);
          inFlight.delete(job);
        });
      inFlight.add(job);
    };
    const backlog = await recover();
    const busyConcurrency = options.busyConcurrency ?? Math.max(1, Math.floor(options.concurrency / 4));
    // Refilled in batches: after a full receive, the next waits until half the slots are
    // free, so a busy worker reads many jobs per round trip instead of one per finished job.
    // After a short receive (the queue ran dry) any free slot asks again, so a lone job
    // still starts at once.
    let lastReceiveFull = false;
    while (running) {
      const slots = options.pressure?.busy() ? busyConcurrency : options.concurrency;
      const lowWater = Math.max(1, Math.floor(slots / 2));
      const free = slots - inFlight.size;
      if (free <= 0 || (lastReceiveFull && backlog.length === 0 && free < lowWater)) {
        await Promise.race(inFlight);
        continue;
      }
      if (backlog.length > 0) {
        launch(backlog.shift() as QueueMessage<T>);
        continue;
      }
      let messages: QueueMessage<T>[];
      try {
        messages = await queue.receive(consumer, free, options.blockMs ?? 500);
        lastReceiveFull = messages.length === free;
      } catch (err) {
        log.error({ err }, `${options.name}: queue unavailable; retrying in 1 s`);
        await sleep(1_000);
        continue;
      }
      for (const message of messages) launch(message);
    }
    await Promise.allSettled(inFlight);
  };

  return {
    start(): void {
      if (running) return;
      running = true;
      heartbeat = setInterval(() => void extendHeld(), options.heartbeatMs ?? 2_000);
      heartbeat.unref();
      loop = run();
    },
    /**
     * Stops taking work and waits up to `graceMs` for the jobs in flight; those still
     * running then are handed back (WorkQueue.release) for any replica to take at once.
     * A handed-back job that still finishes here is acked as usual (a duplicate at worst).
     */
    async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
      running = false;
      const ended = loop ?? Promise.resolve();
      const timedOut =
        graceMs === Number.POSITIVE_INFINITY
          ? false
          : await Promise.race([ended.then(() => false), sleep(graceMs).then(() => true)]);
      clearInterval(heartbeat);
      heartbeat = undefined;
      if (timedOut && held.size > 0) {
        const ids = [...held];
        try {
          await queue.release(consumer, ids);
          log.warn(
            { jobs: ids.length },
            `${options.name}: stopping; handed unfinished jobs back to the queue`,
          );
        } catch (err) {
          log.warn(
            { err, jobs: ids.length },
            `${options.name}: stopping; could not hand jobs back (they are claimed after the claim time)`,
          );
        }
        return;
      }
      await ended;
    },
  };
};
