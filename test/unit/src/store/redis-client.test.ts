import { isGuardError } from '../../../../src/errors';
import { connectRedis } from '../../../../src/store/redis-client';

describe('connectRedis', () => {
  it.each([['redis://:PASSWORD@host:99999'], ['redis://user:PASSWORD@[::1']])(
    'refuses %p without quoting its password, and without the parser error that holds it',
    async (url) => {
      const err = (await connectRedis(url).catch((failure: unknown) => failure)) as Error;

      expect(isGuardError(err, 'config_invalid')).toBe(true);
      expect(err.message).toContain("cannot connect to Redis: 'redis://[redacted]@");
      expect(err.cause).toBeUndefined();
      expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain('PASSWORD');
    },
  );
});
