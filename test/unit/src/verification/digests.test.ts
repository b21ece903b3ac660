import {
  challengeDigest,
  codeDigests,
  digestsEqual,
  toSecretKey,
} from '../../../../src/verification/digests';
import { dummyAlice, dummyBob, dummySecret, dummyTenantId } from './fake-verification-deps';

const key = toSecretKey(dummySecret);

describe('toSecretKey', () => {
  it('refuses a secret under 32 bytes with config_invalid and how to make one', () => {
    expect(() => toSecretKey('short')).toThrow(
      expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('openssl rand') }),
    );
  });

  it('takes a Buffer as it is', () => {
    const bytes = Buffer.alloc(32, 7);

    expect(toSecretKey(bytes)).toBe(bytes);
  });
});

describe('codeDigests', () => {
  it('keys the user digest per user and the owner digest per tenant only', () => {
    const alice = codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913');
    const bob = codeDigests(key, dummyTenantId, dummyBob.aadObjectId, '482913');

    expect(alice.userDigest).not.toBe(bob.userDigest);
    expect(alice.ownerDigest).toBe(bob.ownerDigest);
  });

  it('treats object IDs case-insensitively', () => {
    expect(
      codeDigests(key, dummyTenantId.toUpperCase(), dummyAlice.aadObjectId.toUpperCase(), '482913'),
    ).toEqual(codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913'));
  });

  it('depends on the secret', () => {
    const other = toSecretKey('another-secret-0123456789abcdef0123456789');

    expect(codeDigests(other, dummyTenantId, dummyAlice.aadObjectId, '482913')).not.toEqual(
      codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913'),
    );
  });

  it('gives challenge codes digests of their own', () => {
    const { ownerDigest } = codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913');

    expect(challengeDigest(key, dummyTenantId, '482913')).not.toBe(ownerDigest);
  });
});

describe('digestsEqual', () => {
  it.each([
    ['ab12', 'ab12', true],
    ['ab12', 'ab13', false],
    ['ab12', 'ab1234', false],
  ])('compares %s and %s as %s', (a, b, equal) => {
    expect(digestsEqual(a, b)).toBe(equal);
  });
});
