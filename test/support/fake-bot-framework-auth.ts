import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

/**
 * A local stand-in for the Bot Framework's OpenID provider (login.botframework.com),
 * which we cannot reach here. It serves the documented metadata document and a JWKS
 * whose key is endorsed for msteams, and signs channel tokens (RS256) with that key.
 */
export class FakeBotFrameworkAuth {
  private server?: Server;
  private readonly keyId = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: this.keyId,
      use: 'sig',
      endorsements: ['msteams'],
    };
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
        res.end(JSON.stringify({ keys: [this.jwk] }));
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
   * `forge` changes its header or signs it with another key, as an attacker would.
   */
  channelToken(
    appId: string,
    serviceUrl: string,
    claims: Record<string, unknown> = {},
    forge: { header?: Record<string, unknown>; signingKey?: KeyObject } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.keyId, ...forge.header }));
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
    const signature = createSign('RSA-SHA256')
      .update(`${header}.${payload}`)
      .sign(forge.signingKey ?? this.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }
}
