import { isGuardError } from '../../../../src/errors';
import { parseRedisUrl, redisUrlProblem } from '../../../../src/store/redis-url';

describe('parseRedisUrl', () => {
  it('leaves a one-server URL to node-redis as it is', () => {
    expect(parseRedisUrl('rediss://default:pw@cache.example.com:6380/2')).toEqual({
      kind: 'standalone',
      url: 'rediss://default:pw@cache.example.com:6380/2',
    });
  });

  it('reads a cluster URL: seed nodes, percent-decoded credentials, TLS, default port 6379', () => {
    expect(
      parseRedisUrl('rediss+cluster://app:p%40ss%2Cw@10.0.0.1:7000,redis-b.example.com,[::1]:7002'),
    ).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b.example.com', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      credentials: { username: 'app', password: 'p@ss,w' },
      tls: true,
    });
  });

  it('reads a sentinel URL: sentinels (default port 26379), master name, database, both credentials', () => {
    expect(
      parseRedisUrl(
        'redis+sentinel://:data-pw@s1:26380,s2/mymaster/3?sentinelUsername=watch&sentinelPassword=s%26p',
      ),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
      ],
      masterName: 'mymaster',
      database: 3,
      credentials: { password: 'data-pw' },
      sentinelCredentials: { username: 'watch', password: 's&p' },
      tls: false,
    });
  });

  it('takes the last @ before the hosts as the end of the credentials, so an unencoded @ still works', () => {
    expect(parseRedisUrl('redis+cluster://:p@ss@h1:7000')).toMatchObject({
      credentials: { password: 'p@ss' },
    });
  });

  it.each([
    ['localhost:6379', 'must start with redis://, rediss://, redis+cluster:// or redis+sentinel://'],
    ['redis+cluster://', 'names no cluster node'],
    ['redis+cluster://:SECRET@h1:7000,h2:99999', 'has a cluster node (number 2 of 2) that is not host:port'],
    ['redis+cluster://:SECRET@h1:7000,', 'has a cluster node (number 2 of 2) that is not host:port'],
    ['redis+cluster://:SECRET@h1:7000/2', 'a Redis Cluster has only database 0'],
    ['redis+cluster://:SECRET@h1:7000?tls=1', 'takes no query parameters'],
    ['redis+cluster://:SEC#RET@h1:7000', 'must not have a #fragment'],
    ['redis+cluster://:SECRET%zz@h1:7000', 'has a password that is not percent-encoded correctly'],
    ['redis+sentinel://:SECRET@s1:26379', 'must name the master after the sentinels'],
    ['redis+sentinel://:SECRET@s1:26379/m/1/x', 'must name the master after the sentinels'],
    ['redis+sentinel://:SECRET@s1:26379/m/one', 'has a database that is not a whole number'],
    ['redis+sentinel://:SECRET@s1/m?password=SECRET', 'takes no query parameters but sentinelUsername'],
  ])('refuses %p, saying what is wrong and never quoting the URL', (url, problem) => {
    const err = (() => {
      try {
        parseRedisUrl(url);
      } catch (failure) {
        return failure as Error;
      }
      throw new Error('parsed');
    })();

    expect(isGuardError(err, 'config_invalid')).toBe(true);
    expect(err.message).toContain(problem);
    expect(err.message).not.toContain('SECRET');
    expect(err.message).not.toContain('SEC');
    expect(redisUrlProblem(url)).toContain(problem);
  });
});

describe('redisUrlProblem', () => {
  it.each([
    'redis://localhost:6379',
    'redis+cluster://h1:7000,h2:7001',
    'rediss+sentinel://s1:26379,s2:26379/mymaster/0',
  ])('accepts %p', (url) => {
    expect(redisUrlProblem(url)).toBeUndefined();
  });

  it('refuses a one-server URL the URL parser refuses (node-redis would quote it)', () => {
    expect(redisUrlProblem('redis://:PASSWORD@host:99999')).toMatch(/^must be a valid URL like redis:/);
  });
});
