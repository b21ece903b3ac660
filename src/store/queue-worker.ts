import type { Logger } from '../log/logger';
import type { QueueMessage, WorkQueue } from './ports';

export interface QueueWorkerOptions<T> {
  queue: WorkQueue<T>;
  /** Names this replica's consumer (Redis Streams consumer group member). */
  consumer: string;
  /** Messages handled at once. */
  concurrency: number;
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
}

/**
 * Runs a pool of up to `concurrency` jobs fed from a work queue: each slot is refilled as
 * soon as its job ends, so one slow job (a rate-limit wait, a retry backoff) never holds
 * the others back. stop() stops taking work and waits for the jobs in flight.
 */
export const createQueueWorker = <T>(options: QueueWorkerOptions<T>) => {
  const { queue, log } = options;
  let running = false;
  let loop: Promise<void> | undefined;

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

  const run = async (): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    while (running) {
      if (inFlight.size >= options.concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: QueueMessage<T>[];
      try {
        messages = await queue.receive(
          options.consumer,
          options.concurrency - inFlight.size,
          options.blockMs ?? 500,
        );
      } catch (err) {
        log.error({ err }, `${options.name}: queue unavailable; retrying in 1 s`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      for (const message of messages) {
        const job: Promise<void> = processMessage(message)
          .catch((err: unknown) =>
            log.error({ err, messageId: message.id }, `${options.name}: could not ack`),
          )
          .finally(() => inFlight.delete(job));
        inFlight.add(job);
      }
    }
    await Promise.allSettled(inFlight);
  };

  return {
    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop(): Promise<void> {
      running = false;
      await loop;
    },
  };
};
