import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { Logger } from '../src/log/logger';

/** The Bot Connector's OpenID metadata (public cloud). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The issuer of every channel-to-bot token. */
const CHANNEL_ISSUER = 'https://api.botframework.com';
/** The algorithms the Bot Framework signs with (its authentication spec). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** Clock skew the SDK tolerates too. */
const CLOCK_TOLERANCE_S = 300;
/** Signing keys are kept this long; Microsoft rolls them over days in advance. */
const KEYS_MAX_AGE_MS = 24 * 3_600_000;
/** An unknown key ID refetches the keys at most this often, so forged IDs cannot make us fetch per request. */
const UNKNOWN_KID_REFETCH_MS = 5 * 60_000;
/** After a failed fetch, tokens are refused without fetching again for this long. */
const FETCH_FAILURE_HOLD_MS = 10_000;
const FETCH_TIMEOUT_MS = 3_000;

interface EndorsedJwk extends JWK {
  endorsements?: string[];
}

/** Why a request's token was refused: for the log line, never for the caller. */
export class ChannelTokenRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ChannelTokenRefused';
  }
}

export interface ChannelTokenCheckOptions {
  appId: string;
  /** Where a failed key fetch is reported: every token is refused until the keys come back. */
  log: Logger;
  openIdMetadataUrl?: string;
  now?: () => number;
}

const fetchJson = async (url: string): Promise<unknown> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
};

/**
 * The signing keys of the Bot Connector, from its OpenID metadata, cached. A key ID we do
 * not know refetches them (key rollover) at most every few minutes; a failed fetch is
 * remembered briefly, so a flood of forged tokens is refused at once instead of waiting.
 */
const createKeyStore = (metadataUrl: string, now: () => number, log: Logger) => {
  let keys: EndorsedJwk[] = [];
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (inFlight ??= (async () => {
      try {
        const metadata = (await fetchJson(metadataUrl)) as { jwks_uri?: unknown };
        if (typeof metadata.jwks_uri !== 'string') throw new Error('the metadata has no jwks_uri');
        const jwks = (await fetchJson(metadata.jwks_uri)) as { keys?: unknown };
        if (!Array.isArray(jwks.keys)) throw new Error('the key set has no keys');
        keys = jwks.keys as EndorsedJwk[];
        fetchedAt = now();
      } catch (err) {
        failedAt = now();
        log.error(
          { err, metadataUrl },
          'cannot fetch the Bot Framework signing keys: every request is refused until they are fetched',
        );
        throw new ChannelTokenRefused(
          `the Bot Framework signing keys could not be fetched (${(err as Error).message})`,
        );
      } finally {
        inFlight = undefined;
      }
    })());

  return async (kid: string): Promise<EndorsedJwk | undefined> => {
    const find = () => keys.find((key) => key.kid === kid);
    const age = now() - fetchedAt;
    if (age < KEYS_MAX_AGE_MS && (find() || age < UNKNOWN_KID_REFETCH_MS)) return find();
    if (now() - failedAt < FETCH_FAILURE_HOLD_MS)
      throw new ChannelTokenRefused('the Bot Framework signing keys are unavailable');
    await refresh();
    return find();
  };
};

/**
 * Checks a channel-to-bot token as the Bot Framework's authentication spec says: a
 * `Bearer` JWT issued by api.botframework.com for our app ID, signed (RS256/384/512) with a
 * current Connector key that is endorsed for the activity's channel, within its validity
 * (5 minutes' skew), whose `serviceurl` claim is the activity's serviceUrl. It runs before
 * the SDK sees the request, so a bad token is one 401 and one log line, whatever is wrong
 * with it (the SDK answers some forgeries with a 500 and prints stack traces).
 */
export const createChannelTokenCheck = ({
  appId,
  log,
  openIdMetadataUrl = BOT_FRAMEWORK_OPENID_METADATA_URL,
  now = Date.now,
}: ChannelTokenCheckOptions) => {
  const keyFor = createKeyStore(openIdMetadataUrl, now, log);

  return async (authorization: string | undefined, activity: { channelId: string; serviceUrl: string }) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw new ChannelTokenRefused(authorization ? 'not a Bearer JWT' : 'no Authorization header');
    const token = match[1];
    let header: { alg?: string; kid?: string };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new ChannelTokenRefused('the token header is not valid');
    }
    if (!header.alg || !ALGORITHMS.includes(header.alg))
      throw new ChannelTokenRefused(`algorithm ${String(header.alg)} is not allowed`);
    if (typeof header.kid !== 'string') throw new ChannelTokenRefused('the token names no key');
    const jwk = await keyFor(header.kid);
    if (!jwk) throw new ChannelTokenRefused('the token is signed with an unknown key');
    if (jwk.endorsements && !jwk.endorsements.includes(activity.channelId))
      throw new ChannelTokenRefused(`the signing key is not endorsed for channel ${activity.channelId}`);
    let payload: Record<string, unknown>;
    try {
      const key = await importJWK(jwk, header.alg);
      ({ payload } = await jwtVerify(token, key, {
        issuer: CHANNEL_ISSUER,
        audience: appId,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        // jose checks exp only when present: a token without one would never expire.
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      }));
    } catch (err) {
      throw new ChannelTokenRefused(`the token is not valid (${(err as Error).message})`);
    }
    if (payload.serviceurl !== activity.serviceUrl)
      throw new ChannelTokenRefused('the serviceurl claim is not the activity serviceUrl');
  };
};

export type ChannelTokenCheck = ReturnType<typeof createChannelTokenCheck>;
