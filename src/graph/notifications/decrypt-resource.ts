import {
  constants,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  privateDecrypt,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { HelpdeskGuardError } from '../../errors';
import type { EncryptedContent } from './notification-schema';

/** One of our decryption keys: the ID given as `encryptionCertificateId` when subscribing. */
export interface DecryptionKey {
  keyId: string;
  /** PKCS#8 or PKCS#1 PEM of the RSA private key whose certificate Graph encrypts to. */
  privateKeyPem: string;
}

/** Why a rich notification could not be opened: stable codes for logs and counters. */
export type DecryptFailure =
  | 'unknown_key_id'
  | 'malformed_base64'
  | 'key_unwrap_failed'
  | 'signature_mismatch'
  | 'decrypt_failed'
  | 'not_json';

export type DecryptResult =
  { ok: true; resource: Record<string, unknown> } | { ok: false; reason: DecryptFailure };

/** Graph's symmetric key is AES-256: 32 bytes, the first 16 of which are the IV. */
const SYMMETRIC_KEY_BYTES = 32;
const IV_BYTES = 16;
const AES_BLOCK_BYTES = 16;
/** Microsoft's limits on the certificate's RSA key (change-notifications-with-resource-data). */
const RSA_BITS = { min: 2048, max: 4096 };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const failure = (reason: DecryptFailure): DecryptResult => ({ ok: false, reason });

/** Strict base64 (Buffer.from skips bad characters silently, which would hide tampering). */
const decodeBase64 = (text: string): Buffer | undefined =>
  text.length > 0 && BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;

const importKey = ({ keyId, privateKeyPem }: DecryptionKey): KeyObject => {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new HelpdeskGuardError(
      'config_invalid',
      `The Graph notification key ${keyId} is not a PEM private key: set GRAPH_NOTIFICATION_PRIVATE_KEY to the PEM of the certificate's RSA key`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < RSA_BITS.min || bits > RSA_BITS.max)
    throw new HelpdeskGuardError(
      'config_invalid',
      `The Graph notification key ${keyId} must be an RSA key of 2048 to 4096 bits, as Graph requires`,
    );
  return key;
};

/** Our keys by ID; read once, so a bad PEM stops the start, not a notification. */
const importKeys = (keys: readonly DecryptionKey[]): Map<string, KeyObject> => {
  const byId = new Map<string, KeyObject>();
  for (const key of keys) {
    if (byId.has(key.keyId))
      throw new HelpdeskGuardError(
        'config_invalid',
        `The Graph notification key ID ${key.keyId} is given twice`,
      );
    byId.set(key.keyId, importKey(key));
  }
  return byId;
};

/** RSA-OAEP with SHA-1 and MGF1-SHA-1: RSA/ECB/OAEPWithSHA1AndMGF1Padding, as Graph encrypts. */
const unwrapKey = (privateKey: KeyObject, dataKey: Buffer): Buffer | undefined => {
  try {
    const key = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      dataKey,
    );
    return key.length === SYMMETRIC_KEY_BYTES ? key : undefined;
  } catch {
    return undefined;
  }
};

/** HMAC-SHA256 of the encrypted bytes, compared in constant time (its length is public). */
const signatureMatches = (symmetricKey: Buffer, data: Buffer, signature: Buffer): boolean => {
  const expected = createHmac('sha256', symmetricKey).update(data).digest();
  return signature.length === expected.length && timingSafeEqual(expected, signature);
};

/** AES-256-CBC, PKCS7 padding, IV = the first 16 bytes of the key; undefined on bad padding. */
const decryptData = (symmetricKey: Buffer, data: Buffer): Buffer | undefined => {
  if (data.length === 0 || data.length % AES_BLOCK_BYTES !== 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-cbc', symmetricKey, symmetricKey.subarray(0, IV_BYTES));
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return undefined;
  }
};

const parseResource = (plain: Buffer): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A decryptor of rich notifications' `encryptedContent`, in Microsoft's documented order:
 * pick our key by `encryptionCertificateId` (several keys, so they can rotate), unwrap the
 * symmetric key (RSA-OAEP), check the HMAC-SHA256 `dataSignature` BEFORE decrypting
 * anything, then AES-256-CBC and JSON. It throws only when built with a bad key (config);
 * a notification that cannot be opened is a `{ ok: false, reason }`, never an exception.
 */
export const createResourceDecryptor = (keys: readonly DecryptionKey[]) => {
  const byId = importKeys(keys);
  return (content: EncryptedContent): DecryptResult => {
    const privateKey = byId.get(content.encryptionCertificateId);
    if (!privateKey) return failure('unknown_key_id');
    const dataKey = decodeBase64(content.dataKey);
    const data = decodeBase64(content.data);
    const signature = decodeBase64(content.dataSignature);
    if (!dataKey || !data || !signature) return failure('malformed_base64');
    const symmetricKey = unwrapKey(privateKey, dataKey);
    if (!symmetricKey) return failure('key_unwrap_failed');
    if (!signatureMatches(symmetricKey, data, signature)) return failure('signature_mismatch');
    const plain = decryptData(symmetricKey, data);
    if (!plain) return failure('decrypt_failed');
    const resource = parseResource(plain);
    return resource ? { ok: true, resource } : failure('not_json');
  };
};

export type ResourceDecryptor = ReturnType<typeof createResourceDecryptor>;
