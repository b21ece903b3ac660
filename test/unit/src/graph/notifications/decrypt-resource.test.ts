import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { isGuardError } from '../../../../../src/errors';
import { createResourceDecryptor, openNotification } from '../../../../../src/graph/notifications';
import {
  DUMMY_MEMBER_RESOURCE,
  createEncryptionKey,
  dummyChangeNotification,
  dummyRichNotification,
  encryptResource,
} from '../../../../support/graph-notification-builder';

const current = createEncryptionKey('hg-notifications-2026-11');
const previous = createEncryptionKey('hg-notifications-2026-05');
const decrypt = createResourceDecryptor([current, previous]);

/** The same base64 with one byte of its decoded content flipped. */
const flipByte = (base64: string, at: number): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[at] ^= 0x01;
  return bytes.toString('base64');
};

describe('createResourceDecryptor', () => {
  it('decrypts a rich notification to the exact resource JSON', () => {
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, current);

    expect(decrypt(content)).toEqual({ ok: true, resource: DUMMY_MEMBER_RESOURCE });
  });

  it('keeps non-ASCII text intact', () => {
    const resource = { ...DUMMY_MEMBER_RESOURCE, displayName: 'Ｉ𝐓 Hélpdesk ✓' };

    expect(decrypt(encryptResource(resource, current))).toEqual({ ok: true, resource });
  });

  it('picks the key by encryptionCertificateId, so old and new keys both work while rotating', () => {
    const fromOld = encryptResource({ id: 'old' }, previous);
    const fromNew = encryptResource({ id: 'new' }, current);

    expect(decrypt(fromOld)).toEqual({ ok: true, resource: { id: 'old' } });
    expect(decrypt(fromNew)).toEqual({ ok: true, resource: { id: 'new' } });
  });

  it('refuses a key ID it does not hold', () => {
    const stranger = createEncryptionKey('someone-else');

    expect(decrypt(encryptResource(DUMMY_MEMBER_RESOURCE, stranger))).toEqual({
      ok: false,
      reason: 'unknown_key_id',
    });
  });

  it('refuses a data key encrypted to another key under our key ID', () => {
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, {
      ...createEncryptionKey('x'),
      keyId: current.keyId,
    });

    expect(decrypt(content)).toEqual({ ok: false, reason: 'key_unwrap_failed' });
  });

  it.each([
    ['PKCS#1 v1.5', { padding: constants.RSA_PKCS1_PADDING }],
    ['OAEP with SHA-256', { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }],
  ])('unwraps only RSA-OAEP with SHA-1, not %s', (_name, padding) => {
    const symmetricKey = randomBytes(32);
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, current, { symmetricKey });
    const dataKey = publicEncrypt({ key: current.publicKeyPem, ...padding }, symmetricKey).toString('base64');

    expect(decrypt({ ...content, dataKey })).toEqual({ ok: false, reason: 'key_unwrap_failed' });
  });

  it('refuses a dataSignature that does not match', () => {
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, current);

    expect(decrypt({ ...content, dataSignature: flipByte(content.dataSignature, 0) })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('refuses tampered ciphertext at the signature, before any decryption', () => {
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, current);
    // The last block: decrypting it would give bad padding, so the answer shows the order.
    const data = flipByte(content.data, Buffer.from(content.data, 'base64').length - 1);

    expect(decrypt({ ...content, data })).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses bad padding even with a correct signature', () => {
    const content = encryptResource(null, current, { plaintext: Buffer.alloc(32, 0), padding: false });

    expect(decrypt(content)).toEqual({ ok: false, reason: 'decrypt_failed' });
  });

  it.each([
    ['not JSON', Buffer.from('<chat/>')],
    ['a JSON array', Buffer.from('[1,2]')],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
  ])('refuses a plaintext that is %s', (_name, plaintext) => {
    expect(decrypt(encryptResource(null, current, { plaintext }))).toEqual({ ok: false, reason: 'not_json' });
  });

  it.each(['data', 'dataKey', 'dataSignature'] as const)('refuses %s that is not base64', (field) => {
    const content = encryptResource(DUMMY_MEMBER_RESOURCE, current);

    expect(decrypt({ ...content, [field]: `${content[field]}!` })).toEqual({
      ok: false,
      reason: 'malformed_base64',
    });
  });

  it.each([
    ['not a PEM', [{ keyId: 'a', privateKeyPem: 'not a key' }]],
    ['given twice', [current, current]],
    [
      'not RSA',
      [
        {
          keyId: 'ec',
          privateKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        },
      ],
    ],
    [
      'RSA under 2048 bits',
      [
        {
          keyId: 'small',
          privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 1024 })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        },
      ],
    ],
  ])('refuses at start a key that is %s, with config_invalid', (_name, keys) => {
    let thrown: unknown;
    try {
      createResourceDecryptor(keys);
    } catch (err) {
      thrown = err;
    }

    expect(isGuardError(thrown, 'config_invalid')).toBe(true);
    expect((thrown as Error).message).not.toContain('PRIVATE KEY-----');
  });
});

describe('openNotification', () => {
  it('opens a basic notification as it is, without a resource', () => {
    const notification = dummyChangeNotification();

    expect(openNotification(decrypt, notification)).toEqual({ ok: true, notification });
  });

  it('adds the decrypted resource to a rich notification', () => {
    const notification = dummyRichNotification(current);

    expect(openNotification(decrypt, notification)).toEqual({
      ok: true,
      notification,
      resource: DUMMY_MEMBER_RESOURCE,
    });
  });

  it('answers the reason when a rich notification cannot be opened', () => {
    const notification = dummyRichNotification(createEncryptionKey('retired-key'));

    expect(openNotification(decrypt, notification)).toEqual({
      ok: false,
      notification,
      reason: 'unknown_key_id',
    });
  });
});
