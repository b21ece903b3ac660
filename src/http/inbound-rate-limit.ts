/**
 * The per-address rate limit of the public POST routes: a token bucket per client address,
 * in memory, per replica. Its budget is generous (src/config/inbound-config.ts): it blunts
 * a flood from one address; a WAF or front door is the place for a distributed one.
 */
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Request, Response } from 'restify';
import type { InboundConfig } from '../config/inbound-config';
import { errorBody } from '../errors';
import type { Logger } from '../log/logger';
import { requestLog, type PostRoute } from './server';

/**
 * Buckets kept at most. An attacker can vary addresses (an IPv6 host has a /64 of them), so
 * the table is a bounded LRU: a new address beyond this evicts the longest idle one, which
 * then starts again with a full bucket. That errs towards letting traffic through, never
 * towards memory growth. About 100 bytes each: 1 MB in all.
 */
export const MAX_TRACKED_CLIENTS = 10_000;

export interface InboundRateLimitOptions extends InboundConfig {
  log: Logger;
  maxClients?: number;
  /** Milliseconds on a clock that never jumps (tests pass their own). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Refused since its last accepted request: only the first refusal of a run is logged. */
  refusing: boolean;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number; firstRefusal: boolean };

/** `1.2.3.4:5678` and `[2001:db8::1]:443` (Azure Application Gateway adds the port) to the bare address. */
const withoutPort = (entry: string): string => {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1] : entry;
};

/** The eight groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
const ipv6Groups = (address: string): string[] => {
  const [head, tail = ''] = address.split('::');
  const part = (text: string) =>
    text
      .split(':')
      .filter(Boolean)
      .flatMap((group) => (group.includes('.') ? ['v4', 'v4'] : [group]));
  const left = part(head);
  const right = address.includes('::') ? part(tail) : [];
  const fill = address.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
};

/**
 * The bucket key of an address: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64, the
 * block one host or one subscriber line gets; anything else (a socket already gone) as one
 * shared key.
 */
export const clientKey = (address: string | undefined): string => {
  const bare = (address ?? '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1];
  if (isIP(bare) === 4) return bare;
  if (isIP(bare) === 6) return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
  return 'unknown';
};

/**
 * The client's address: the socket's, or with `trustedProxyHops` = n the n-th entry of
 * X-Forwarded-For counted from the right, the one the outermost trusted proxy appended.
 * Entries left of it are whatever the client wrote and are never used. A header shorter
 * than the hops (a request that bypassed a proxy) or an entry that is no address falls
 * back to the socket's address.
 */
export const clientAddress = (
  req: Pick<Request, 'headers' | 'socket'>,
  trustedProxyHops: number,
): string | undefined => {
  const socketAddress = req.socket?.remoteAddress;
  if (trustedProxyHops === 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length < trustedProxyHops) return socketAddress;
  const candidate = withoutPort(entries[entries.length - trustedProxyHops]);
  return isIP(candidate.replace(/%.*$/, '')) ? candidate : socketAddress;
};

/** The token buckets, keyed by client; `take` spends one token or says how long to wait. */
export const createTokenBuckets = ({
  ratePerSecond,
  burst,
  maxClients = MAX_TRACKED_CLIENTS,
  now = () => performance.now(),
}: Pick<InboundRateLimitOptions, 'ratePerSecond' | 'burst' | 'maxClients' | 'now'>) => {
  const buckets = new Map<string, Bucket>();
  return {
    get size(): number {
      return buckets.size;
    },
    take(key: string): Take {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket) {
        // Re-inserted on every use, so the Map's order is least recently used first.
        buckets.delete(key);
        bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1_000) * ratePerSecond);
        bucket.at = at;
      } else {
        if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
        bucket = { tokens: burst, at, refusing: false };
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.refusing = false;
        return { ok: true };
      }
      const firstRefusal = !bucket.refusing;
      bucket.refusing = true;
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
      return { ok: false, retryAfterSeconds, firstRefusal };
    },
  };
};

/**
 * The public POST routes with the limit in front of each (before the body is read, so a
 * flood costs no parsing), or the routes unchanged when the limit is off (rate 0). A refusal
 * is 429 with Retry-After and a JSON body, and closes the connection; one warn line per run
 * of refusals of one client. GET /healthz, /readyz and /metrics are not POST routes and are
 * never limited.
 */
export const limitRoutes = (routes: readonly PostRoute[], options: InboundRateLimitOptions): PostRoute[] => {
  if (options.ratePerSecond === 0) return [...routes];
  const buckets = createTokenBuckets(options);
  const refuse = (req: Request, res: Response): boolean => {
    const address = clientAddress(req, options.trustedProxyHops);
    const key = clientKey(address);
    const taken = buckets.take(key);
    if (taken.ok) return false;
    if (taken.firstRefusal)
      requestLog(req, options.log).warn(
        { client: key, route: req.getPath(), retryAfterSeconds: taken.retryAfterSeconds },
        'requests refused: inbound rate limit',
      );
    res.header('retry-after', String(taken.retryAfterSeconds));
    res.header('connection', 'close');
    res.send(
      429,
      errorBody(
        'rate_limited',
        `Too many requests from this address; retry in ${taken.retryAfterSeconds} s.`,
      ),
    );
    return true;
  };
  return routes.map((route) => ({
    ...route,
    beforeBody: (req, res) => refuse(req, res) || (route.beforeBody?.(req, res) ?? false),
  }));
};
