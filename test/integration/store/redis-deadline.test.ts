/**
 * The connection-wide command deadline (src/store/redis-deadline.ts), against a real
 * redis-server that stops answering (CLIENT PAUSE): a command fails after the deadline
 * instead of hanging its caller, and answers that come in time are unchanged.
 */
import { connectRedis, type RedisConnection } from '../../../src/store/redis';
import { RedisDeadlineError, withDeadline } from '../../../src/store/redis-deadline';
import { startPrivateRedis, type PrivateRedis } from '../../support/redis-server';

const DEADLINE_MS = 300;

let redis: PrivateRedis;
let admin: RedisConnection;
let connection: RedisConnection;
beforeAll(async () => {
  // A server of its own: CLIENT PAUSE stops every client of it.
  redis = await startPrivateRedis();
  admin = await connectRedis(redis.url);
  connection = withDeadline(await connectRedis(redis.url), DEADLINE_MS);
});
afterAll(async () => {
  connection?.destroy();
  admin?.destroy();
  await redis?.stop();
});

describe('withDeadline', () => {
  it('passes answers and errors through unchanged', async () => {
    await connection.set('k', 'v');
    expect(await connection.get('k')).toBe('v');
    expect(await connection.send('k', ['GET', 'k'])).toBe('v');
    expect(await connection.multi('k').set('k', 'w').get('k').exec()).toEqual(['OK', 'w']);
    await expect(connection.send('k', ['NOSUCHCOMMAND'])).rejects.toThrow(/unknown command/i);
  });

  it('fails a command the server does not answer, once the deadline has passed', async () => {
    await admin.send('pause', ['CLIENT', 'PAUSE', '3000', 'ALL']);
    try {
      const started = Date.now();
      const error = await connection.get('k').then(
        () => undefined,
        (err: unknown) => err,
      );

      expect(error).toBeInstanceOf(RedisDeadlineError);
      expect((error as Error).message).toBe(`Redis did not answer within ${DEADLINE_MS} ms`);
      // Not before the deadline (the sweep runs each second, so it may come later).
      expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS);
      await expect(connection.multi('k').get('k').exec()).rejects.toBeInstanceOf(RedisDeadlineError);
    } finally {
      await admin.send('unpause', ['CLIENT', 'UNPAUSE']);
    }
    // The connection serves again once the server answers.
    expect(await connection.get('k')).toBe('w');
  });

  it('gives a twin (a blocking reader) its own deadline', async () => {
    const twin = connection.duplicate();
    await twin.connect();
    try {
      expect(await twin.send('k', ['GET', 'k'])).toBe('w');
    } finally {
      twin.destroy();
    }
  });
});
