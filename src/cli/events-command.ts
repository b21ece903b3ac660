import { parseArgs } from 'node:util';
import {
  RedisOutbox,
  OUTBOX_STREAM,
  deadLetterStream,
  EVENTS_KEY_PREFIX,
} from '../events/outbox/redis-outbox';
import { parseGroupsInfo } from '../events/outbox/redis-replies';
import { connectRedis, type RedisConnection } from '../store/redis';
import type { CliIo } from './cli-io';

/**
 * The command's slice of CliIo (it reads no stdin); `redis`, an already connected client,
 * lets tests skip the connect, otherwise the command connects to REDIS_URL and disconnects
 * after.
 */
export type EventsCommandIo = Pick<CliIo, 'stdout' | 'stderr' | 'env'> & { redis?: RedisConnection };

/** Attempts to reach Redis before a command gives up (about 1.5 s with the backoff). */
const CONNECT_ATTEMPTS = 6;

const USAGE = `usage: helpdesk-guard events <command>

  status                           outbox lag and dead letters per sink
  dead-letters --sink NAME [--limit N]
                                   print dead-lettered events (JSON lines) with the reason
  replay --sink NAME [--limit N]   move dead-lettered events back to the outbox, for that
                                   sink only; the running bot delivers them again with
                                   their original EventId
  replay --all                     the same for every sink

Needs REDIS_URL: with the memory outbox, dead letters live inside the bot's process.
`;

/** The sinks known to Redis: consumer groups on the outbox plus dead-letter streams. */
const knownSinks = async (redis: RedisConnection): Promise<string[]> => {
  const names = new Set<string>();
  if ((await redis.exists(OUTBOX_STREAM)) === 1) {
    for (const group of parseGroupsInfo(await redis.send(OUTBOX_STREAM, ['XINFO', 'GROUPS', OUTBOX_STREAM])))
      names.add(group.name);
  }
  // Every master of a cluster is scanned (the dead-letter streams share the outbox's slot).
  const prefix = `${EVENTS_KEY_PREFIX}dlq:`;
  for await (const key of redis.scan(`${prefix}*`)) names.add(key.slice(prefix.length));
  return [...names].sort();
};

const positive = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${name} must be a positive whole number (got '${raw}')`);
  return value;
};

class UsageError extends Error {}

const execute = async (
  command: string,
  values: Record<string, string | boolean | undefined>,
  redis: RedisConnection,
  io: EventsCommandIo,
) => {
  const sinks = await knownSinks(redis);
  const outbox = new RedisOutbox(redis, [], 60_000);
  const limit = positive(values.limit as string | undefined, '--limit');
  const chosen = (): string[] => {
    if (values.all) return sinks;
    const sink = values.sink as string | undefined;
    if (!sink)
      throw new UsageError(`name a sink with --sink (known: ${sinks.join(', ') || 'none'}) or use --all`);
    if (!sinks.includes(sink))
      throw new UsageError(`no sink '${sink}' in Redis (known: ${sinks.join(', ') || 'none'})`);
    return [sink];
  };
  try {
    if (command === 'status') {
      for (const sink of sinks) {
        const backlog = await outbox.backlog(sink);
        io.stdout.write(`${JSON.stringify({ sink, lag: backlog.lag, deadLetters: backlog.deadLettered })}\n`);
      }
      return 0;
    }
    if (command === 'dead-letters') {
      for (const sink of chosen()) {
        for (const letter of await outbox.deadLetters(sink, limit ?? 100))
          io.stdout.write(`${JSON.stringify({ sink, ...letter })}\n`);
      }
      return 0;
    }
    for (const sink of chosen()) {
      const moved = await outbox.replay(sink, limit);
      io.stdout.write(`replayed ${moved} event(s) for ${sink} (from ${deadLetterStream(sink)})\n`);
    }
    return 0;
  } finally {
    await outbox.close();
  }
};

/**
 * `helpdesk-guard events ...`: inspect the outbox and replay dead letters. Returns the
 * exit code: 0 done, 1 failed, 2 bad usage.
 */
export const run = async (args: readonly string[], io: EventsCommandIo): Promise<number> => {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        sink: { type: 'string' },
        limit: { type: 'string' },
        all: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    (parsed.values.help ? io.stdout : io.stderr).write(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  if (!['status', 'dead-letters', 'replay'].includes(command)) {
    io.stderr.write(`unknown events command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const url = io.env?.REDIS_URL?.trim();
  if (!io.redis && !url) {
    io.stderr.write(
      "set REDIS_URL to the bot's Redis: with the memory outbox, dead letters live inside the bot's process\n",
    );
    return 1;
  }
  let redis: RedisConnection | undefined = io.redis;
  try {
    redis ??= await connectRedis(url!, { giveUpAfter: CONNECT_ATTEMPTS });
    return await execute(command, parsed.values as Record<string, string | boolean | undefined>, redis, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    // The URL can carry a password: name the failure, never the URL.
    io.stderr.write(`events ${command} failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    if (redis && !io.redis) redis.destroy();
  }
};
