import { KEY_PREFIX } from './keys';
import type { FencedStore } from './ports';
import type { RedisConnection } from './redis-client';

/**
 * One hash per key, `value` and `fence` side by side, so the check and the write are one
 * script on one key (and so on one slot of a cluster).
 */
const SET_FENCED_SCRIPT = `
local fence = tonumber(redis.call('HGET', KEYS[1], 'fence') or '-1')
if fence > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'value', ARGV[1], 'fence', ARGV[2])
return 1
`;

export class RedisFencedStore implements FencedStore {
  constructor(private readonly redis: RedisConnection) {}

  private key(key: string): string {
    return `${KEY_PREFIX}fenced:${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.hGet(this.key(key), 'value');
    return raw === null || raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T, token: number): Promise<boolean> {
    const written = await this.redis.eval(SET_FENCED_SCRIPT, {
      keys: [this.key(key)],
      arguments: [JSON.stringify(value), String(token)],
    });
    return Number(written) === 1;
  }
}
