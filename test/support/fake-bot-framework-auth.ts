import { createHmac, createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

/** How a forger builds a token, beyond changing its header or claims. */
export interface TokenForgery {
  header?: Record<string, unknown>;
  /** Signs RS256 with this key instead (under the published key ID unless the header says otherwise). */
  signingKey?: KeyObject;
  /** 'unendorsed': the published key that is endorsed for another channel (webchat), under its own ID. */
  key?: 'unendorsed';
  /**
   * 'none': unsigned; 'hs256-public-key': HMAC-SHA256 keyed with the published public key
   * (PEM), the classic confusion attack on verifiers that take the algorithm from the token.
   */
  algorithm?: 'none' | 'hs256-public-key';
}

interface PublishedKey {
  kid: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  jwk: Record<string, unknown>;
}

const publishedKey = (endorsements: string[]): PublishedKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', endorsements },
  };
};

/**
 * A local stand-in for the Bot Framework's OpenID provider (login.botframework.com),
 * which we cannot reach here. It serves the documented metadata document and a JWKS
 * with a key endorsed for msteams, which signs channel tokens (RS256), and a second key
 * endorsed only for webchat (a real key of the set that must not sign Teams activities).
 */
export class FakeBotFrameworkAuth {
  private server?: Server;
  private readonly teams = publishedKey(['msteams']);
  private readonly webchat = publishedKey(['webchat']);

  /** The PEM of the key that signs Teams tokens, as anyone can read it from the JWKS. */
  get publicKeyPem(): string {
    return this.teams.publicKeyPem;
  }

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  private get base(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeBotFrameworkAuth is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(
          JSON.stringify({
            issuer: 'https://api.botframework.com',
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${this.base}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
        return;
      }
      if (req.url === '/v1/.well-known/keys') {
        res.end(JSON.stringify({ keys: [this.teams.jwk, this.webchat.jwk] }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * A channel-to-bot token as the Bot Connector issues it (claims per the auth spec);
   * `forge` changes how it is signed, as an attacker would.
   */
  channelToken(
    appId: string,
    serviceUrl: string,
    claims: Record<string, unknown> = {},
    forge: TokenForgery = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const key = forge.key === 'unendorsed' ? this.webchat : this.teams;
    const alg =
      forge.algorithm === 'none' ? 'none' : forge.algorithm === 'hs256-public-key' ? 'HS256' : 'RS256';
    const header = base64url(JSON.stringify({ alg, typ: 'JWT', kid: key.kid, ...forge.header }));
    const payload = base64url(
      JSON.stringify({
        iss: 'https://api.botframework.com',
        aud: appId,
        serviceurl: serviceUrl,
        nbf: now - 60,
        exp: now + 3600,
        ...claims,
      }),
    );
    const signed = `${header}.${payload}`;
    if (forge.algorithm === 'none') return `${signed}.`;
    if (forge.algorithm === 'hs256-public-key')
      return `${signed}.${base64url(createHmac('sha256', key.publicKeyPem).update(signed).digest())}`;
    const signature = createSign('RSA-SHA256')
      .update(signed)
      .sign(forge.signingKey ?? key.privateKey);
    return `${signed}.${base64url(signature)}`;
  }
}
