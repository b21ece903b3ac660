import { loadConfig } from '../../../src/config/load-config';
import {
  clientAddress,
  clientKey,
  createTokenBuckets,
  MAX_TRACKED_CLIENTS,
} from '../../../src/http/inbound-rate-limit';

type Req = Parameters<typeof clientAddress>[0];
const request = (socketAddress: string, forwardedFor?: string | string[]): Req =>
  ({
    socket: { remoteAddress: socketAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as Req;

/**
 * The parts of the limit an attacker aims at without sending a flood: memory (one bucket
 * per address they can invent), the address itself (X-Forwarded-For is theirs to write),
 * and the settings an operator can get wrong. A clock of our own: no waiting, no timing.
 */
describe('the inbound rate limit, bounded', () => {
  it('keeps at most maxClients buckets however many addresses come, evicting the longest idle', () => {
    const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 1, maxClients: 100, now: () => 0 });
    buckets.take('198.51.100.1');
    expect(buckets.take('198.51.100.1').ok).toBe(false);

    for (let i = 0; i < 10_000; i += 1) buckets.take(`10.${i >> 8}.${i & 255}.1`);

    expect(buckets.size).toBe(100);
    // Evicted: it starts again with a full bucket (errs towards serving, never towards memory).
    expect(buckets.take('198.51.100.1').ok).toBe(true);
  });

  it('keeps a client that is still sending while others are evicted', () => {
    const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 1, maxClients: 3, now: () => 0 });
    buckets.take('a');
    for (const other of ['b', 'c', 'd', 'e']) {
      expect(buckets.take('a').ok).toBe(false);
      buckets.take(other);
    }

    expect(buckets.take('a').ok).toBe(false);
  });

  it('refills at the rate up to the burst, and says when the next token comes', () => {
    let now = 0;
    const buckets = createTokenBuckets({ ratePerSecond: 2, burst: 4, now: () => now });
    const taken = () => Array.from({ length: 6 }, () => buckets.take('x').ok).filter(Boolean).length;

    expect(taken()).toBe(4);
    expect(buckets.take('x')).toEqual({ ok: false, retryAfterSeconds: 1, firstRefusal: false });
    now += 1_000;
    expect(taken()).toBe(2);
    now += 3_600_000;
    expect(taken()).toBe(4);
  });

  it('holds 10,000 clients by default', () => {
    expect(MAX_TRACKED_CLIENTS).toBe(10_000);
  });

  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('keys %p as %p', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it.each([
    ['no proxy: the socket, whatever the header says', 0, '1.2.3.4', '10.0.0.1', '10.0.0.1'],
    ['one proxy: the last entry', 1, '1.2.3.4, 203.0.113.5', '203.0.113.5', '10.0.0.1'],
    ['one proxy, a port added (Application Gateway)', 1, '203.0.113.5:51234', '203.0.113.5', '10.0.0.1'],
    ['one proxy, IPv6 with a port', 1, '[2001:db8::5]:443', '2001:db8::5', '10.0.0.1'],
    [
      'two proxies: the second entry from the right',
      2,
      '1.1.1.1, 203.0.113.5, 10.1.1.1',
      '203.0.113.5',
      '10.0.0.1',
    ],
    ['more hops than entries: the socket', 2, '203.0.113.5', '10.0.0.1', '10.0.0.1'],
    ['no address where the proxy writes: the socket', 1, '1.2.3.4, unknown', '10.0.0.1', '10.0.0.1'],
    ['no header: the socket', 1, undefined, '10.0.0.1', '10.0.0.1'],
    ['the header sent twice: both count, in order', 1, ['1.1.1.1', '203.0.113.5'], '203.0.113.5', '10.0.0.1'],
  ])('finds the client (%s)', (_what, hops, forwardedFor, client, socket) => {
    expect(clientAddress(request(socket, forwardedFor as string | string[] | undefined), hops)).toBe(client);
  });

  it('defaults to 1,000 per second, a burst of 2,000, no trusted proxy', () => {
    expect(loadConfig({}).inbound).toEqual({ ratePerSecond: 1_000, burst: 2_000, trustedProxyHops: 0 });
  });

  it.each([
    ['INBOUND_RATE_LIMIT_PER_SECOND', '-1'],
    ['INBOUND_RATE_LIMIT_PER_SECOND', 'lots'],
    ['INBOUND_RATE_LIMIT_BURST', '0'],
    ['INBOUND_RATE_LIMIT_BURST', '2.5'],
    ['TRUSTED_PROXY_HOPS', '11'],
    ['TRUSTED_PROXY_HOPS', 'yes'],
  ])('refuses %s=%s at start, naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be`));
  });
});
