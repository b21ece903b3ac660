import { createClient } from 'redis';
import { HelpdeskGuardError } from '../errors';
import { redactUrl, redactUrlsIn } from '../log/redact-url';

/** Reconnect delay after `retries` failed attempts: a capped exponential backoff. */
const backoffMs = (retries: number): number => Math.min(50 * 2 ** retries, 2_000);

/**
 * RESP2 is pinned: the stream commands below parse raw replies, whose shape RESP3 changes.
 * After `giveUpAfter` failed attempts the strategy returns false, so connect() rejects
 * with the socket's error (a CLI must not hang); without it the client reconnects for
 * ever (the bot: readiness reports the outage meanwhile).
 */
const createRedisClient = (url: string, giveUpAfter?: number) =>
  createClient({
    url,
    RESP: 2,
    socket: {
      reconnectStrategy: (retries: number) =>
        giveUpAfter !== undefined && retries + 1 >= giveUpAfter ? false : backoffMs(retries),
    },
  });

export type RedisClient = ReturnType<typeof createRedisClient>;

export interface ConnectOptions {
  /** Fail after this many attempts instead of retrying for ever. */
  giveUpAfter?: number;
  /** Told of each failed attempt before the connection is made (for a log line). */
  onRetry?: (attempt: number, error: Error) => void;
}

/**
 * Connects a client; the composition root and the CLI are the only callers outside tests.
 * A URL node-redis refuses is reported with the URL redacted; its own error is not kept as
 * the cause, because that error's `input` (or message) is the whole URL, password included.
 */
export const connectRedis = async (url: string, options: ConnectOptions = {}): Promise<RedisClient> => {
  let client: RedisClient;
  try {
    client = createRedisClient(url, options.giveUpAfter);
  } catch (err) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `cannot connect to Redis: '${redactUrl(url)}' is refused (${redactUrlsIn((err as Error).message)}); ` +
        'use e.g. redis://:password@host:6379 and percent-encode @ / : ? # in the password',
    );
  }
  let connected = false;
  let attempts = 0;
  // Without a listener node-redis would throw on every connection error.
  client.on('error', (error: Error) => {
    if (connected) return;
    attempts += 1;
    options.onRetry?.(attempts, error);
  });
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    throw err;
  }
  connected = true;
  return client;
};
