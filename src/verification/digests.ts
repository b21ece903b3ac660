import { createHmac, timingSafeEqual } from 'node:crypto';
import { HelpdeskGuardError } from '../errors';

/** Shortest server secret accepted: 32 bytes, as for any HMAC-SHA256 key. */
export const MIN_SECRET_BYTES = 32;

/**
 * The server secret as bytes. A short secret would let anyone who reads the store try
 * all million codes offline, so it is refused at start-up.
 */
export const toSecretKey = (secret: Buffer | string): Buffer => {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (key.length < MIN_SECRET_BYTES) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `The verification secret is ${key.length} bytes; it needs at least ${MIN_SECRET_BYTES}. ` +
        'Generate one with: openssl rand -base64 48',
    );
  }
  return key;
};

const hmac = (key: Buffer, ...parts: string[]): string =>
  createHmac('sha256', key).update(parts.join('|')).digest('hex');

// Entra object IDs arrive in either case from different sources; a GUID is one value.
const norm = (id: string): string => id.trim().toLowerCase();

/** The two store keys of one issued code; neither can be turned back into the code without the secret. */
export interface CodeDigests {
  /** Keyed by tenant, user and code: finds the code only for the user it was issued to. */
  userDigest: string;
  /** Keyed by tenant and code: tells "issued to someone else" from "never issued". */
  ownerDigest: string;
}

/** Store keys for a staff-issued code. */
export const codeDigests = (
  key: Buffer,
  tenantId: string,
  userObjectId: string,
  code: string,
): CodeDigests => ({
  userDigest: hmac(key, 'code', norm(tenantId), norm(userObjectId), code),
  ownerDigest: hmac(key, 'owner', norm(tenantId), code),
});

/** Store key for a challenge-back code (staff look it up without knowing the user). */
export const challengeDigest = (key: Buffer, tenantId: string, code: string): string =>
  hmac(key, 'challenge', norm(tenantId), code);

/** Constant-time equality of two hex digests. */
export const digestsEqual = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Object IDs compared as GUIDs (case-insensitive). */
export const sameObjectId = (a: string, b: string): boolean => norm(a) === norm(b);
