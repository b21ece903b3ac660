/**
 * One deadline for every Redis command, kept by one timer per connection instead of one per
 * command. node-redis's own per-command timeout builds an AbortSignal.timeout, its listener
 * and a timer for every command: an eighth of the bot's main thread in a burst of signals.
 * Here each command joins a list in the order it was sent, and a sweep every second rejects
 * those older than the deadline, as node-redis's timeout did: a command to a server that
 * went silent (or waiting in the offline queue while Redis is down) fails after the
 * deadline instead of hanging its caller.
 */
import { KEYED_COMMANDS, type RedisConnection, type RedisMulti } from './redis-connection';

/** What node-redis's own per-command default was. */
export const COMMAND_DEADLINE_MS = 5_000;
const SWEEP_MS = 1_000;

export class RedisDeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`Redis did not answer within ${deadlineMs} ms`);
    this.name = 'RedisDeadlineError';
  }
}

interface Waiting {
  sentAt: number;
  reject: (err: Error) => void;
}

/** The connection's commands, each failing after `deadlineMs` without an answer. */
export const withDeadline = (
  connection: RedisConnection,
  deadlineMs = COMMAND_DEADLINE_MS,
  now: () => number = Date.now,
): RedisConnection => {
  // A Set keeps insertion order: the oldest command comes first.
  const waiting = new Set<Waiting>();
  let sweeper: NodeJS.Timeout | undefined;

  const sweep = (): void => {
    const expired = now() - deadlineMs;
    for (const entry of waiting) {
      if (entry.sentAt > expired) break;
      waiting.delete(entry);
      entry.reject(new RedisDeadlineError(deadlineMs));
    }
    if (waiting.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };

  const track = <T>(command: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const entry: Waiting = { sentAt: now(), reject };
      waiting.add(entry);
      if (!sweeper) {
        sweeper = setInterval(sweep, SWEEP_MS);
        sweeper.unref();
      }
      command.then(
        (value) => {
          waiting.delete(entry);
          resolve(value);
        },
        (err: unknown) => {
          waiting.delete(entry);
          reject(err as Error);
        },
      );
    });

  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      track(fn(...args));

  const timedMulti = (routingKey: string): RedisMulti => {
    const multi = connection.multi(routingKey);
    const exec = multi.exec.bind(multi);
    return Object.assign(multi, { exec: (...args: Parameters<typeof exec>) => track(exec(...args)) });
  };
  const keyed = Object.fromEntries(
    KEYED_COMMANDS.map((name) => [name, timed(connection[name] as (...args: unknown[]) => Promise<unknown>)]),
  );
  // connect() keeps no deadline: it waits for Redis by design (readiness says so).
  return {
    ...connection,
    ...keyed,
    send: timed(connection.send),
    multi: timedMulti,
    ping: timed(connection.ping),
    // A twin (a blocking reader) keeps its own deadline.
    duplicate: () => withDeadline(connection.duplicate(), deadlineMs, now),
  } as RedisConnection;
};
