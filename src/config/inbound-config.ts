/**
 * Settings of the inbound rate limit on the public routes, parsed from the environment by
 * loadConfig (src/http/inbound-rate-limit.ts applies them). This module never reads
 * process.env: the caller hands it the environment.
 */

type Env = Record<string, string | undefined>;

export interface InboundConfig {
  /**
   * Requests per second one client address may keep up on the public routes; 0 turns the
   * limit off. Per replica, in memory.
   */
  ratePerSecond: number;
  /** Requests one address may send at once before the rate applies (the bucket's size). */
  burst: number;
  /**
   * Proxies in front of the bot that each append the address they saw to X-Forwarded-For.
   * 0: the socket's address is the client's and X-Forwarded-For is ignored (anyone can write it).
   */
  trustedProxyHops: number;
}

/**
 * Generous on purpose: the Bot Connector delivers a whole tenant's activities (a setup-policy
 * roll-out installs the app for every user at once), Graph a whole tenant's new chats (the
 * Graph benchmark models 500 per second) and a SIEM a campaign's signals in one burst, each
 * from a few addresses. The limit is there to blunt a flood from one address (a refusal costs
 * no body read and no parsing), not to shape Microsoft's traffic.
 */
export const INBOUND_DEFAULTS = Object.freeze({ ratePerSecond: 1_000, burstPerRate: 2, trustedProxyHops: 0 });

/** The most proxy hops anyone deploys (CDN, WAF, load balancer, ingress); more is a typo. */
const MAX_PROXY_HOPS = 10;

const wholeNumber = (env: Env, name: string, fallback: number, max: number, problems: string[]): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    problems.push(`${name} must be a whole number from 0 to ${max} (got '${raw}')`);
    return fallback;
  }
  return value;
};

/**
 * INBOUND_RATE_LIMIT_PER_SECOND (default 1,000, 0 = off), INBOUND_RATE_LIMIT_BURST (default
 * two seconds' worth of the rate) and TRUSTED_PROXY_HOPS (default 0).
 */
export const parseInboundEnv = (env: Env): { config: InboundConfig; problems: string[] } => {
  const problems: string[] = [];
  const ratePerSecond = wholeNumber(
    env,
    'INBOUND_RATE_LIMIT_PER_SECOND',
    INBOUND_DEFAULTS.ratePerSecond,
    1_000_000,
    problems,
  );
  const burst = wholeNumber(
    env,
    'INBOUND_RATE_LIMIT_BURST',
    ratePerSecond * INBOUND_DEFAULTS.burstPerRate,
    10_000_000,
    problems,
  );
  if (ratePerSecond > 0 && burst < 1)
    problems.push('INBOUND_RATE_LIMIT_BURST must be at least 1 while the rate limit is on');
  const trustedProxyHops = wholeNumber(
    env,
    'TRUSTED_PROXY_HOPS',
    INBOUND_DEFAULTS.trustedProxyHops,
    MAX_PROXY_HOPS,
    problems,
  );
  return { config: { ratePerSecond, burst, trustedProxyHops }, problems };
};
