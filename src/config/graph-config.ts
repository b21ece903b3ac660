/**
 * Settings of Microsoft Graph change notifications, parsed from the environment by
 * loadConfig. Notifications are on when GRAPH_NOTIFICATION_URL is set; rich notifications
 * (resource data, encrypted) when a certificate and its private key are set as well.
 * Keys and certificates may be given inline (PEM) or as a file (`..._FILE`). Problems
 * never quote a key, a certificate or the client state.
 */
import { readFileSync } from 'node:fs';
import { redactUrl } from '../log/redact-url';

type Env = Record<string, string | undefined>;

/** One private key that can open rich notifications, under the ID given when subscribing. */
export interface NotificationKey {
  keyId: string;
  privateKeyPem: string;
}

export interface GraphNotificationsConfig {
  /** The public HTTPS URLs Graph posts to (from GRAPH_NOTIFICATION_URL). */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** Echoed by Graph in every notification; compared in constant time, never logged. */
  clientState: string;
  /** `A` for security and compliance apps (the default); `evaluation` is capped by Graph. */
  paymentModel: 'A' | 'B' | 'evaluation';
  /** Rich notifications: the certificate sent when subscribing and the keys that open them. */
  rich?: {
    /** PEM of the public certificate Graph encrypts with. */
    certificate: string;
    /** Its ID (`encryptionCertificateId`), the first of `keys`. */
    certificateId: string;
    /** The current key first, then a previous one kept while subscriptions roll over. */
    keys: NotificationKey[];
  };
  /** Where Microsoft's token signing keys are (tests serve their own). */
  jwksUrl?: string;
  /** Chat member reads in flight at most. */
  lookupConcurrency: number;
}

export const GRAPH_NOTIFICATION_DEFAULTS = Object.freeze({ lookupConcurrency: 8 });

const CLIENT_STATE_MIN = 16;
const CLIENT_STATE_MAX = 128;
const PAYMENT_MODELS = ['A', 'B', 'evaluation'] as const;

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

/** NAME inline, or the content of the file NAME_FILE names; never both. */
const pemOf = (env: Env, name: string, problems: string[]): string | undefined => {
  const inline = value(env, name);
  const file = value(env, `${name}_FILE`);
  if (inline && file) {
    problems.push(`${name} and ${name}_FILE are both set: set one`);
    return undefined;
  }
  if (inline) return inline.replace(/\\n/g, '\n');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${name}_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${file}`);
    return undefined;
  }
};

const publicUrls = (env: Env, production: boolean, problems: string[]) => {
  const raw = value(env, 'GRAPH_NOTIFICATION_URL');
  if (!raw) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const loopback = url && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback && !production))) {
    problems.push(
      `GRAPH_NOTIFICATION_URL must be the bot's public HTTPS base URL, like https://guard.contoso.com (got '${redactUrl(raw)}')`,
    );
    return undefined;
  }
  const base = url.href.replace(/\/+$/, '');
  return {
    notificationUrl: `${base}/api/graph/notifications`,
    lifecycleNotificationUrl: `${base}/api/graph/lifecycle`,
  };
};

const richOf = (env: Env, problems: string[]): GraphNotificationsConfig['rich'] => {
  const certificate = pemOf(env, 'GRAPH_NOTIFICATION_CERTIFICATE', problems);
  const key = pemOf(env, 'GRAPH_NOTIFICATION_PRIVATE_KEY', problems);
  const keyId = value(env, 'GRAPH_NOTIFICATION_KEY_ID');
  if (!certificate && !key) return undefined;
  if (!certificate || !key || !keyId) {
    problems.push(
      'rich Graph notifications need GRAPH_NOTIFICATION_CERTIFICATE, GRAPH_NOTIFICATION_PRIVATE_KEY and GRAPH_NOTIFICATION_KEY_ID together',
    );
    return undefined;
  }
  const keys: NotificationKey[] = [{ keyId, privateKeyPem: key }];
  const previous = pemOf(env, 'GRAPH_NOTIFICATION_PREVIOUS_PRIVATE_KEY', problems);
  const previousId = value(env, 'GRAPH_NOTIFICATION_PREVIOUS_KEY_ID');
  if (previous && previousId && previousId !== keyId)
    keys.push({ keyId: previousId, privateKeyPem: previous });
  else if (previous || previousId)
    problems.push(
      'GRAPH_NOTIFICATION_PREVIOUS_PRIVATE_KEY needs GRAPH_NOTIFICATION_PREVIOUS_KEY_ID (a different ID than the current key)',
    );
  return { certificate, certificateId: keyId, keys };
};

/** Graph notification settings, or undefined when GRAPH_NOTIFICATION_URL is not set. */
export const parseGraphNotificationsEnv = (
  env: Env,
  production: boolean,
): { config?: GraphNotificationsConfig; problems: string[] } => {
  const problems: string[] = [];
  const urls = publicUrls(env, production, problems);
  const clientState = value(env, 'GRAPH_CLIENT_STATE');
  if (!urls) {
    if (clientState) problems.push('GRAPH_CLIENT_STATE is set but GRAPH_NOTIFICATION_URL is not: set both');
    return { problems };
  }
  if (!clientState || clientState.length < CLIENT_STATE_MIN || clientState.length > CLIENT_STATE_MAX)
    problems.push(
      `GRAPH_CLIENT_STATE must be ${CLIENT_STATE_MIN} to ${CLIENT_STATE_MAX} characters (e.g. openssl rand -hex 32)`,
    );
  const paymentModel = value(env, 'GRAPH_PAYMENT_MODEL') ?? 'A';
  if (!(PAYMENT_MODELS as readonly string[]).includes(paymentModel))
    problems.push(`GRAPH_PAYMENT_MODEL must be one of ${PAYMENT_MODELS.join(', ')} (got '${paymentModel}')`);
  const concurrencyRaw = value(env, 'GRAPH_LOOKUP_CONCURRENCY');
  const lookupConcurrency = concurrencyRaw
    ? Number(concurrencyRaw)
    : GRAPH_NOTIFICATION_DEFAULTS.lookupConcurrency;
  if (!Number.isInteger(lookupConcurrency) || lookupConcurrency <= 0 || lookupConcurrency > 64)
    problems.push(`GRAPH_LOOKUP_CONCURRENCY must be a whole number from 1 to 64 (got '${concurrencyRaw}')`);
  const jwksUrl = value(env, 'GRAPH_JWKS_URL');
  if (jwksUrl && !URL.canParse(jwksUrl)) problems.push('GRAPH_JWKS_URL must be a URL');
  const rich = richOf(env, problems);
  if (problems.length > 0) return { problems };
  return {
    config: {
      ...urls,
      clientState: clientState!,
      paymentModel: paymentModel as GraphNotificationsConfig['paymentModel'],
      rich,
      jwksUrl,
      lookupConcurrency,
    },
    problems,
  };
};
