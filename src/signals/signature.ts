import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far X-Timestamp may be from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** The header value: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">. */
export const signBody = (secret: string, timestamp: number | string, rawBody: string | Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;

/**
 * Checks X-Timestamp and X-Signature-256. Returns undefined when good, else what is wrong
 * (never which bytes differed). The comparison is constant-time.
 */
export const checkSignature = (input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string | Buffer;
  nowSeconds?: number;
}): SignatureProblem | undefined => {
  const { secret, timestamp, signature, rawBody } = input;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return 'malformed';
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(signBody(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'mismatch';
};
