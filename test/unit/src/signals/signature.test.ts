import { createHmac } from 'node:crypto';
import { checkSignature, signBody } from '../../../../src/signals/signature';

const secret = 'x'.repeat(40);
const now = 1_800_000_000;
const body = '{"a":1}';

describe('signBody', () => {
  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');

    expect(signBody(secret, now, body)).toBe(`sha256=${expected}`);
  });
});

describe('checkSignature', () => {
  const good = {
    secret,
    timestamp: String(now),
    signature: signBody(secret, now, body),
    rawBody: body,
    nowSeconds: now,
  };

  it('accepts a correct signature within the window', () => {
    expect(checkSignature(good)).toBeUndefined();
    expect(checkSignature({ ...good, nowSeconds: now + 300 })).toBeUndefined();
  });

  it('accepts upper-case hex', () => {
    expect(
      checkSignature({ ...good, signature: good.signature.toUpperCase().replace('SHA256=', 'sha256=') }),
    ).toBeUndefined();
  });

  it.each([
    ['missing', { timestamp: undefined }],
    ['missing', { signature: undefined }],
    ['malformed', { timestamp: 'yesterday' }],
    ['malformed', { signature: 'sha1=abc' }],
    ['stale', { nowSeconds: now + 301 }],
    ['stale', { nowSeconds: now - 301 }],
    ['mismatch', { rawBody: '{"a":2}' }],
    ['mismatch', { secret: 'y'.repeat(40) }],
  ])('says %s for %j', (problem, change) => {
    expect(checkSignature({ ...good, ...change })).toBe(problem);
  });
});
