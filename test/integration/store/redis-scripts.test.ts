/**
 * Scripts run by their SHA1 (src/store/redis-connection.ts): EVALSHA once the server knows
 * the script, its text only when it does not (a new, restarted or failed-over server
 * answers NOSCRIPT), on one server and on a Cluster, where the script's key routes both.
 */
import { redisKindsUnderTest } from '../../support/redis';

const redisKinds = redisKindsUnderTest();

const SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const KEY = 'hg:test:{scripts}:counter';

describe.each(redisKinds)('scripts on redis ($name)', ({ connect }) => {
  it('keeps running a script after the server forgot every script (SCRIPT FLUSH)', async () => {
    const redis = await connect();
    const run = (by: number) => redis.eval(SCRIPT, { keys: [KEY], arguments: [String(by)] });
    // On a Cluster node-redis sends SCRIPT FLUSH to every node.
    await redis.send(KEY, ['SCRIPT', 'FLUSH']);
    expect(await run(1)).toBe(1);
    expect(await run(2)).toBe(3);
    await redis.send(KEY, ['SCRIPT', 'FLUSH']);
    expect(await run(4)).toBe(7);
    expect(await run(5)).toBe(12);
  });

  it("passes a script's own errors through", async () => {
    const redis = await connect();
    await expect(
      redis.eval("return redis.error_reply('BROKEN on purpose')", { keys: [KEY] }),
    ).rejects.toThrow(/BROKEN on purpose/);
    await expect(redis.eval('this is not lua', { keys: [KEY] })).rejects.toThrow(/compil|syntax/i);
  });
});

// One server: its INFO is the one the script ran on (a Cluster sends INFO to any node).
describe('scripts on one redis-server', () => {
  it('sends the text once per server, and the SHA1 from then on', async () => {
    const redis = await (
      redisKinds.find((kind) => kind.name === 'standalone') as (typeof redisKinds)[number]
    ).connect();
    const calls = async () => {
      const info = String(await redis.send(KEY, ['INFO', 'commandstats']));
      const count = (command: string) =>
        Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
      return { eval: count('eval'), evalsha: count('evalsha') };
    };
    const run = (by: number) => redis.eval(SCRIPT, { keys: [KEY], arguments: [String(by)] });
    await redis.send(KEY, ['SCRIPT', 'FLUSH']);
    await redis.send(KEY, ['CONFIG', 'RESETSTAT']);
    await run(1); // EVALSHA: NOSCRIPT, then EVAL
    await run(1);
    await run(1);
    expect(await calls()).toEqual({ eval: 1, evalsha: 3 });
  });
});
