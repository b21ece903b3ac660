import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { GraphError } from './graph-error';

/** The scope of an app-only token for Microsoft Graph (the permissions come from admin consent). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Hands out bearer tokens for Graph; implementations cache and refresh them. */
export interface GraphTokenProvider {
  /** A bearer token for {@link GRAPH_SCOPE}. Rejects with a GraphError (operation `getToken`). */
  getToken(): Promise<string>;
}

/** Where the credential came from, for messages; never the secret. */
export interface CredentialDescription {
  tenantId: string;
  clientId: string;
  /** Strings to blank out of any message the credential library produces. */
  secrets: string[];
  /** The scope to ask for; {@link GRAPH_SCOPE} by default (national clouds use their own host). */
  scope?: string;
}

const redact = (text: string, secrets: string[]): string =>
  secrets
    .filter((secret) => secret.length > 0)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);

/**
 * A GraphTokenProvider over any @azure/identity credential. Failures become a GraphError
 * that names the tenant and client and says what to check; the library's own message is
 * kept (it carries the AADSTS code) with the secrets blanked out, and the original error
 * is not attached as `cause`, because it may carry the request it failed on.
 */
export const tokenProviderFromCredential = (
  credential: TokenCredential,
  described: CredentialDescription,
): GraphTokenProvider => ({
  async getToken(): Promise<string> {
    const scope = described.scope ?? GRAPH_SCOPE;
    let token: { token: string } | null;
    try {
      token = await credential.getToken(scope);
    } catch (err) {
      const reason = redact(
        err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        described.secrets,
      );
      throw new GraphError(
        `graph: cannot get a token for ${scope} (tenant ${described.tenantId}, client ${described.clientId}): ${reason}. ` +
          'Check the tenant ID, the client ID, that the credential (client secret, certificate or managed identity) is current and that the Entra authority is reachable.',
        { operation: 'getToken', attempts: 0 },
      );
    }
    if (!token?.token) {
      throw new GraphError(
        `graph: the credential returned no token for ${scope} (tenant ${described.tenantId}, client ${described.clientId})`,
        { operation: 'getToken', attempts: 0 },
      );
    }
    return token.token;
  },
});

/** Options of {@link clientSecretTokenProvider}. */
export interface ClientSecretTokenOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra authority for national clouds, e.g. https://login.microsoftonline.us; global by default. */
  authorityHost?: string;
  /** The token scope; {@link GRAPH_SCOPE} by default, https://graph.microsoft.us/.default for US Government. */
  scope?: string;
}

/**
 * App-only Graph tokens from an Entra client secret (client credentials flow), through
 * @azure/identity's ClientSecretCredential, which caches a token and refreshes it before
 * it expires. Production only: tests use a fixed token against the fake Graph.
 */
export const clientSecretTokenProvider = (options: ClientSecretTokenOptions): GraphTokenProvider =>
  tokenProviderFromCredential(
    new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
      ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
    }),
    {
      tenantId: options.tenantId,
      clientId: options.clientId,
      secrets: [options.clientSecret],
      scope: options.scope,
    },
  );

/** Options of {@link certificateTokenProvider}. */
export interface CertificateTokenOptions {
  tenantId: string;
  clientId: string;
  /** A PEM file holding the certificate and its private key (the certificate is registered on the app). */
  certificatePath: string;
  authorityHost?: string;
  scope?: string;
}

/**
 * App-only Graph tokens from a certificate registered on the Entra app, through
 * ClientCertificateCredential: no shared secret to rotate or leak.
 */
export const certificateTokenProvider = (options: CertificateTokenOptions): GraphTokenProvider =>
  tokenProviderFromCredential(
    new ClientCertificateCredential(
      options.tenantId,
      options.clientId,
      { certificatePath: options.certificatePath },
      options.authorityHost ? { authorityHost: options.authorityHost } : {},
    ),
    { tenantId: options.tenantId, clientId: options.clientId, secrets: [], scope: options.scope },
  );

/**
 * Graph tokens of a user-assigned managed identity (MicrosoftAppType=UserAssignedMSI),
 * through ManagedIdentityCredential: the Azure host hands them out, nothing is configured
 * but the identity's client ID.
 */
export const managedIdentityTokenProvider = (options: {
  tenantId: string;
  clientId: string;
  scope?: string;
}): GraphTokenProvider =>
  tokenProviderFromCredential(new ManagedIdentityCredential({ clientId: options.clientId }), {
    ...options,
    secrets: [],
  });
