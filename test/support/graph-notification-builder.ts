import {
  constants,
  createCipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  GRAPH_CHANGE_TRACKING_APP_ID,
  type ChangeNotification,
  type EncryptedContent,
  type LifecycleNotification,
} from '../../src/graph/notifications';
import { DUMMY_HOME_TENANT, deepMerge } from './activities';

type Json = Record<string, unknown>;

/** Our side of the subscription in tests: the app ID (token audience) and the clientState. */
export const DUMMY_APP_ID = '6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098';
export const DUMMY_CLIENT_STATE = 'hg-dummy-client-state-7Qe2Lw9Xc4Rt';
const CHAT_ID = '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
const MEMBER_ID = 'MCMjMiMjMGQyZjBiOGUtNWMzYS00ZTFiLTlmN2QtNmE1YjRjM2QyZTFmIyMxOTozZjJlMWQwYw==';

/** An external member of a 1:1 chat: the decrypted data of the shared rich fixture. */
export const DUMMY_MEMBER_RESOURCE: Json = {
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  id: MEMBER_ID,
  roles: ['owner'],
  displayName: null,
  userId: '3f2e1d0c-aaaa-bbbb-cccc-0123456789ab',
  email: null,
  tenantId: 'e71e0000-dead-4bad-beef-000000000bad',
  visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
};

/** One of our certificate keys, as Graph would encrypt to it. */
export interface EncryptionKeyPair {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
  /** Hex SHA-1 of the public key (a test has no certificate to take the thumbprint of). */
  thumbprint: string;
}

/** A fresh RSA-2048 key pair, the smallest Graph accepts for encryptionCertificate. */
export const createEncryptionKey = (keyId: string): EncryptionKeyPair => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
};

export interface EncryptOptions {
  /** The 32-byte AES key; random by default, as Graph makes one per item. */
  symmetricKey?: Buffer;
  /** Bytes to encrypt instead of the resource's JSON. */
  plaintext?: Buffer;
  /** false: no PKCS7 padding (the plaintext must then be whole blocks). */
  padding?: boolean;
}

/**
 * encryptedContent exactly as Graph builds it: AES-256-CBC (PKCS7, IV = the first 16 key
 * bytes) over the resource JSON, HMAC-SHA256 of the ciphertext with the same key, and the
 * key RSA-OAEP (SHA-1) encrypted to our public key.
 */
export const encryptResource = (
  resource: unknown,
  key: EncryptionKeyPair,
  options: EncryptOptions = {},
): EncryptedContent => {
  const symmetricKey = options.symmetricKey ?? randomBytes(32);
  const plaintext = options.plaintext ?? Buffer.from(JSON.stringify(resource), 'utf8');
  const cipher = createCipheriv('aes-256-cbc', symmetricKey, symmetricKey.subarray(0, 16));
  cipher.setAutoPadding(options.padding ?? true);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const dataKey = publicEncrypt(
    { key: key.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    symmetricKey,
  );
  return {
    data: data.toString('base64'),
    dataSignature: createHmac('sha256', symmetricKey).update(data).digest('base64'),
    dataKey: dataKey.toString('base64'),
    encryptionCertificateId: key.keyId,
    encryptionCertificateThumbprint: key.thumbprint,
  };
};

const basicFixture = (): Json => {
  const raw = readFileSync(
    join(__dirname, '..', 'fixtures', 'graph', 'graph-notification.chat-created.basic.json'),
    'utf8',
  );
  return (JSON.parse(raw) as { value: Json[] }).value[0];
};

/** A basic `chats` created notification (the shared fixture) with our clientState. */
export const dummyChangeNotification = (overrides: Json = {}): ChangeNotification =>
  deepMerge(basicFixture(), { clientState: DUMMY_CLIENT_STATE, ...overrides }) as ChangeNotification;

/** A rich `chats/getAllMembers` notification carrying `resource`, encrypted to `key`. */
export const dummyRichNotification = (
  key: EncryptionKeyPair,
  resource: unknown = DUMMY_MEMBER_RESOURCE,
  overrides: Json = {},
): ChangeNotification =>
  dummyChangeNotification({
    subscriptionId: '0b7c1f62-9d7e-4a55-8d33-1f2e3d4c5b6a',
    resource: `chats('${CHAT_ID}')/members('${MEMBER_ID}')`,
    resourceData: {
      id: MEMBER_ID,
      '@odata.type': '#Microsoft.Graph.aadUserConversationMember',
      '@odata.id': `chats('${CHAT_ID}')/members('${MEMBER_ID}')`,
    },
    encryptedContent: encryptResource(resource, key),
    ...overrides,
  });

/** A reauthorizationRequired lifecycle notification (the shared fixture) with our clientState. */
export const dummyLifecycleNotification = (overrides: Json = {}): LifecycleNotification =>
  ({
    subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
    subscriptionExpirationDateTime: '2026-11-27T10:00:00.0000000+00:00',
    tenantId: DUMMY_HOME_TENANT,
    clientState: DUMMY_CLIENT_STATE,
    lifecycleEvent: 'reauthorizationRequired',
    ...overrides,
  }) as LifecycleNotification;

export interface TokenOptions {
  /** Claims to set; a claim set to undefined is left out. */
  claims?: Json;
  expiresInSeconds?: number;
  /** 'stranger': signed by a key Microsoft does not publish, under the published key ID. */
  signer?: 'microsoft' | 'stranger';
  kid?: string;
}

/** A stand-in for the Microsoft identity platform: validation tokens and their key set. */
export interface FakeMicrosoftIdentity {
  jwksUrl: string;
  /** How many times the key set was fetched. */
  readonly keyFetches: number;
  /** false: the key set answers 503, as during an outage. */
  setAvailable(available: boolean): void;
  validationToken(options?: TokenOptions): Promise<string>;
  stop(): Promise<void>;
}

const KEY_ID = 'hg-test-signing-key';

/** The claims of a Graph validation token (the documented example), for our app and tenant. */
const graphClaims = (appId: string, tenantId: string, nowS: number, lifetimeS: number): Json => ({
  aud: appId,
  iss: `https://sts.windows.net/${tenantId}/`,
  iat: nowS - 60,
  nbf: nowS - 60,
  exp: nowS + lifetimeS,
  aio: '42FgYKhZ+uOZrHa7p+7tfruauq1HAA==',
  appid: GRAPH_CHANGE_TRACKING_APP_ID,
  appidacr: '2',
  idp: `https://sts.windows.net/${tenantId}/`,
  tid: tenantId,
  uti: '-KoJHevhgEGnN4kwuixpAA',
  ver: '1.0',
});

const withoutUndefined = (claims: Json): Json =>
  Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));

/**
 * Starts a loopback HTTP server publishing a test RSA key as a JWKS (at Microsoft's path),
 * and signs validation tokens with it (RS256, like Entra ID).
 */
export const startFakeMicrosoftIdentity = async ({
  appId = DUMMY_APP_ID,
  tenantId = DUMMY_HOME_TENANT,
} = {}): Promise<FakeMicrosoftIdentity> => {
  const microsoft = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(microsoft.publicKey)), kid: KEY_ID, use: 'sig', alg: 'RS256' };
  let keyFetches = 0;
  let available = true;
  // Separate calls: restify replaces ServerResponse#writeHead with one that returns nothing.
  const server = createServer((req, res) => {
    const found = req.url === '/common/discovery/v2.0/keys';
    if (found) keyFetches += 1;
    const status = !found ? 404 : available ? 200 : 503;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const validationToken = async (options: TokenOptions = {}): Promise<string> => {
    const nowS = Math.floor(Date.now() / 1000);
    const claims = {
      ...graphClaims(appId, tenantId, nowS, options.expiresInSeconds ?? 3600),
      ...options.claims,
    };
    const key = options.signer === 'stranger' ? stranger.privateKey : microsoft.privateKey;
    return new SignJWT(withoutUndefined(claims))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? KEY_ID })
      .sign(key);
  };

  return {
    jwksUrl: `http://127.0.0.1:${port}/common/discovery/v2.0/keys`,
    get keyFetches() {
      return keyFetches;
    },
    setAvailable: (value) => {
      available = value;
    },
    validationToken,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
