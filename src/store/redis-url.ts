/**
 * The forms of REDIS_URL, read here only, so the config check and the connection agree:
 *
 *   redis://[user:password@]host[:port][/db]                        one server
 *   redis+cluster://[user:password@]host:port,host:port,...         a Redis Cluster (seed nodes)
 *   redis+sentinel://[user:password@]host:port,host:port/name[/db]  a Sentinel set and its master's name
 *
 * `rediss` instead of `redis` (`rediss://`, `rediss+cluster://`, `rediss+sentinel://`) is TLS.
 * Ports default to 6379 (servers, cluster nodes) and 26379 (sentinels). A cluster has only
 * database 0, so its URL has no path. The user and password are the data nodes'; sentinels
 * that want their own take `?sentinelUsername=...&sentinelPassword=...`. Percent-encode
 * `@ / : ? # ,` in a password. Problems are described, never quoted: a slip of the
 * percent-encoding would put a piece of the password into the message.
 */
import { HelpdeskGuardError } from '../errors';

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export interface RedisCredentials {
  username?: string;
  password?: string;
}

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: RedisNodeAddress[]; credentials: RedisCredentials; tls: boolean }
  | {
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      masterName: string;
      database: number;
      credentials: RedisCredentials;
      sentinelCredentials: RedisCredentials;
      tls: boolean;
    };

export type ClusterTarget = Extract<RedisTarget, { kind: 'cluster' }>;
export type SentinelTarget = Extract<RedisTarget, { kind: 'sentinel' }>;

const SCHEME = /^(rediss?)(?:\+(cluster|sentinel))?:\/\//;
const FORMS =
  'redis://host:6379, redis+cluster://host1:6379,host2:6379 or redis+sentinel://host1:26379,host2:26379/mymaster';
const HOST = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?))(?::(\d{1,5}))?$/;
const SENTINEL_QUERY = new Set(['sentinelUsername', 'sentinelPassword']);

class RedisUrlProblem extends Error {}

const decode = (part: string, what: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RedisUrlProblem(`has a ${what} that is not percent-encoded correctly`);
  }
};

const credentialsOf = (userinfo: string | undefined): RedisCredentials => {
  if (userinfo === undefined) return {};
  const colon = userinfo.indexOf(':');
  const username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon), 'user name');
  const password = colon === -1 ? undefined : decode(userinfo.slice(colon + 1), 'password');
  return { ...(username === '' ? {} : { username }), ...(password === undefined ? {} : { password }) };
};

const nodesOf = (list: string, defaultPort: number, what: string): RedisNodeAddress[] => {
  if (list === '') throw new RedisUrlProblem(`names no ${what}: list them as host:port,host:port`);
  const parts = list.split(',');
  return parts.map((part, index) => {
    const match = HOST.exec(part);
    const port = match?.[3] === undefined ? defaultPort : Number(match[3]);
    if (!match || port < 1 || port > 65535)
      throw new RedisUrlProblem(
        `has a ${what} (number ${index + 1} of ${parts.length}) that is not host:port with a port of 1-65535`,
      );
    return { host: match[1] ?? match[2], port };
  });
};

const databaseOf = (raw: string): number => {
  if (!/^\d{1,5}$/.test(raw)) throw new RedisUrlProblem('has a database that is not a whole number');
  return Number(raw);
};

/** The parts of a multi-host URL: what comes after the scheme, split at the last `@`. */
const splitMultiHost = (rest: string) => {
  if (rest.includes('#'))
    throw new RedisUrlProblem('must not have a #fragment (percent-encode # in a password as %23)');
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const at = beforeQuery.lastIndexOf('@');
  const location = beforeQuery.slice(at + 1);
  const slash = location.indexOf('/');
  return {
    credentials: credentialsOf(at === -1 ? undefined : beforeQuery.slice(0, at)),
    hosts: slash === -1 ? location : location.slice(0, slash),
    path: slash === -1 ? '' : location.slice(slash),
    query: new URLSearchParams(queryAt === -1 ? '' : rest.slice(queryAt + 1)),
  };
};

const parseCluster = (rest: string, tls: boolean): RedisTarget => {
  const { credentials, hosts, path, query } = splitMultiHost(rest);
  if (path !== '' && path !== '/' && path !== '/0')
    throw new RedisUrlProblem(
      'names a database, but a Redis Cluster has only database 0: leave the path out',
    );
  if ([...query.keys()].length > 0) throw new RedisUrlProblem('takes no query parameters for a cluster');
  return { kind: 'cluster', nodes: nodesOf(hosts, 6379, 'cluster node'), credentials, tls };
};

const parseSentinel = (rest: string, tls: boolean): RedisTarget => {
  const { credentials, hosts, path, query } = splitMultiHost(rest);
  const [, name = '', db, ...more] = path.split('/');
  if (name === '' || more.length > 0)
    throw new RedisUrlProblem(
      'must name the master after the sentinels: redis+sentinel://host:26379/mymaster[/db]',
    );
  for (const key of query.keys())
    if (!SENTINEL_QUERY.has(key))
      throw new RedisUrlProblem('takes no query parameters but sentinelUsername and sentinelPassword');
  const sentinelUsername = query.get('sentinelUsername') ?? undefined;
  const sentinelPassword = query.get('sentinelPassword') ?? undefined;
  return {
    kind: 'sentinel',
    sentinels: nodesOf(hosts, 26379, 'sentinel'),
    masterName: decode(name, 'master name'),
    database: db === undefined || db === '' ? 0 : databaseOf(db),
    credentials,
    sentinelCredentials: {
      ...(sentinelUsername ? { username: sentinelUsername } : {}),
      ...(sentinelPassword ? { password: sentinelPassword } : {}),
    },
    tls,
  };
};

const parse = (raw: string): RedisTarget => {
  const scheme = SCHEME.exec(raw);
  if (!scheme)
    throw new RedisUrlProblem(
      `must start with redis://, rediss://, redis+cluster:// or redis+sentinel:// (e.g. ${FORMS})`,
    );
  const tls = scheme[1] === 'rediss';
  const rest = raw.slice(scheme[0].length);
  if (scheme[2] === 'cluster') return parseCluster(rest, tls);
  if (scheme[2] === 'sentinel') return parseSentinel(rest, tls);
  // node-redis parses the rest itself (connectRedis reports a URL it refuses, redacted).
  return { kind: 'standalone', url: raw };
};

/** What is wrong with a REDIS_URL, as the end of "REDIS_URL ..." (never quoting it); undefined when it is fine. */
export const redisUrlProblem = (raw: string): string | undefined => {
  try {
    // node-redis parses it with new URL; refused there, its error would quote the password.
    if (parse(raw).kind === 'standalone' && !URL.canParse(raw))
      return 'must be a valid URL like redis://:password@host:6379 (percent-encode @ / : ? # in the password)';
    return undefined;
  } catch (err) {
    if (err instanceof RedisUrlProblem) return err.message;
    throw err;
  }
};

/** The deployment a REDIS_URL names; throws `config_invalid` (never quoting the URL) when it names none. */
export const parseRedisUrl = (raw: string): RedisTarget => {
  try {
    return parse(raw);
  } catch (err) {
    if (err instanceof RedisUrlProblem)
      throw new HelpdeskGuardError('config_invalid', `cannot connect to Redis: the URL ${err.message}`);
    throw err;
  }
};
