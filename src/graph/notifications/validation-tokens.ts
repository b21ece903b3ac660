import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** The app that publishes change notifications: every validation token's `appid` is it. */
export const GRAPH_CHANGE_TRACKING_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';
/** Microsoft identity platform signing keys (the key set Microsoft's JavaScript sample uses). */
export const MICROSOFT_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** Entra ID signs access tokens with RS256. */
const ALGORITHMS = ['RS256'];
/** The clock skew Microsoft's own validators (and the Bot Framework check here) tolerate. */
const CLOCK_TOLERANCE_S = 300;
/** Graph waits 3 s for the whole answer, so a key fetch gets half of that. */
const FETCH_TIMEOUT_MS = 1_500;
/** Signing keys are kept this long; an unknown key ID refetches them at most this often. */
const KEYS_MAX_AGE_MS = 3_600_000;
const UNKNOWN_KID_REFETCH_MS = 5 * 60_000;
/** After a failed fetch, checks answer "unavailable" at once for this long instead of waiting. */
const FETCH_FAILURE_HOLD_MS = 10_000;
/** Graph sends one token per app and tenant pair; a body with more is not from Graph. */
const MAX_TOKENS = 16;

/** A check's answer: `retryable` means our side failed (keys unreachable), not the sender. */
export type TokenCheck = { ok: true } | { ok: false; reason: string; retryable: boolean };

export interface ValidationTokenOptions {
  /** Our app (client) ID: every token's audience. */
  appId: string;
  /** Our tenant: tokens must be issued by Entra ID for it. */
  tenantId: string;
  /** Where the signing keys are; tests serve their own. */
  jwksUrl?: string;
  now?: () => number;
}

class KeysUnavailable extends Error {}

const fail = (reason: string, retryable = false): TokenCheck => ({ ok: false, reason, retryable });

/** The remote key set, with a short hold after a failed fetch so a flood does not queue on it. */
const createKeyLookup = (jwksUrl: string, now: () => number) => {
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: FETCH_TIMEOUT_MS,
    cooldownDuration: UNKNOWN_KID_REFETCH_MS,
    cacheMaxAge: KEYS_MAX_AGE_MS,
  });
  let failedAt = Number.NEGATIVE_INFINITY;
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (now() - failedAt < FETCH_FAILURE_HOLD_MS) throw new KeysUnavailable();
    try {
      return await remote(header, token);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      // A key ID that is not in a fetched set is the token's fault, not the fetch's.
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
      failedAt = now();
      throw new KeysUnavailable();
    }
  };
  return { getKey, reload: () => remote.reload() };
};

const CLAIM_REASONS: Record<string, string> = {
  aud: 'the token is not for our app (aud)',
  iss: 'the token is not issued by Entra ID for our tenant (iss)',
  nbf: 'the token is not valid yet (nbf)',
  exp: 'the token has no expiry (exp)',
};

/** jose's error, as a reason of our own words (its messages are not part of our contract). */
const reasonOf = (err: unknown): TokenCheck => {
  if (err instanceof KeysUnavailable) return fail('the Microsoft signing keys could not be fetched', true);
  const { code, claim } = err as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return fail('the token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return fail(CLAIM_REASONS[claim ?? ''] ?? `the token's ${claim ?? 'claims'} claim is not valid`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return fail('the token is signed with an unknown key');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return fail('the token signature is not valid');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return fail('the token algorithm is not allowed');
    default:
      return fail('the token is not a valid JWT');
  }
};

/** "Critical" in Microsoft's list: the publisher must be Graph change tracking, not any app. */
const publisherProblem = (payload: JWTPayload, tenantId: string): string | undefined => {
  const { appid, azp, tid } = payload;
  if (appid === undefined && azp === undefined) return 'the token names no publishing app (appid/azp)';
  if ([appid, azp].some((claim) => claim !== undefined && claim !== GRAPH_CHANGE_TRACKING_APP_ID))
    return 'the token was not issued to Microsoft Graph change tracking (appid/azp)';
  if (tid !== undefined && String(tid).toLowerCase() !== tenantId)
    return 'the token is for another tenant (tid)';
  return undefined;
};

/**
 * Checks the `validationTokens` of a rich notification as Microsoft documents: each is a
 * JWT signed by the Microsoft identity platform (RS256, current key), not expired (5
 * minutes' skew), for our app ID, issued for our tenant, and published by Microsoft Graph
 * change tracking (`appid`, or `azp` in v2 tokens). All must pass. The check never throws:
 * it answers a reason, and `retryable` when the keys could not be fetched.
 */
export const createValidationTokenCheck = ({
  appId,
  tenantId,
  jwksUrl = MICROSOFT_JWKS_URL,
  now = Date.now,
}: ValidationTokenOptions) => {
  const tenant = tenantId.toLowerCase();
  const issuers = [`https://sts.windows.net/${tenant}/`, `https://login.microsoftonline.com/${tenant}/v2.0`];
  const keys = createKeyLookup(jwksUrl, now);

  const checkToken = async (token: string): Promise<TokenCheck> => {
    try {
      const { payload } = await jwtVerify(token, keys.getKey, {
        audience: appId,
        issuer: issuers,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      });
      const problem = publisherProblem(payload, tenant);
      return problem ? fail(problem) : { ok: true };
    } catch (err) {
      return reasonOf(err);
    }
  };

  const checkTokens = async (tokens: readonly string[] | undefined): Promise<TokenCheck> => {
    if (!tokens || tokens.length === 0) return fail('the collection carries no validation tokens');
    if (tokens.length > MAX_TOKENS) return fail(`more than ${MAX_TOKENS} validation tokens`);
    for (const [index, token] of tokens.entries()) {
      const result = await checkToken(token);
      if (!result.ok) return { ...result, reason: `validation token ${index + 1}: ${result.reason}` };
    }
    return { ok: true };
  };

  /** Fetches the keys ahead of the first rich notification; rejects when they cannot be fetched. */
  const prefetchKeys = (): Promise<void> => keys.reload();

  return { checkTokens, prefetchKeys };
};

export type ValidationTokenCheck = ReturnType<typeof createValidationTokenCheck>;
