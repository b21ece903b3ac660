import { randomUUID } from 'node:crypto';
import { HelpdeskGuardError } from '../../errors';
import type { BackoffOptions } from '../../events/backoff';
import type { Logger } from '../../log/logger';
import { redactUrl } from '../../log/redact-url';
import type { DedupeStore, FencedStore, KeyValueStore } from '../../store/ports';
import type { CreationSettings, WantedSubscription } from './adopt-or-create';
import { normaliseEncryptionCertificate } from './encryption-certificate';
import type { CatchUpRequest } from './reconcile-subscription';
import type { GraphSubscriptionCalls } from './subscription-calls';
import {
  CHAT_MEMBERS_RESOURCE,
  CHATS_RESOURCE,
  CLIENT_STATE_MAX_LENGTH,
  DEFAULT_LIFETIME_MS,
  type PaymentModel,
  resourceWithModel,
} from './subscription-limits';

/** A subscription to keep, before the payment model is applied to its resource. */
export interface SubscriptionSpec {
  name: string;
  /** Without `?model=`, e.g. `/chats/getAllMembers`. */
  resource: string;
  changeType: string;
}

/** The two first-contact sources of DESIGN.md: new chats, and members added to chats. */
export const DEFAULT_SUBSCRIPTIONS: readonly SubscriptionSpec[] = Object.freeze([
  { name: 'chats', resource: CHATS_RESOURCE, changeType: 'created' },
  { name: 'chatMembers', resource: CHAT_MEMBERS_RESOURCE, changeType: 'created' },
]);

export interface SubscriptionManagerOptions {
  graph: GraphSubscriptionCalls;
  kv: KeyValueStore;
  /** Where the lease holder's own state goes, fenced by its lease token. */
  fenced: FencedStore;
  dedupe: DedupeStore;
  log: Logger;
  /** HTTPS URL of POST /api/graph/notifications. */
  notificationUrl: string;
  /** HTTPS URL of POST /api/graph/lifecycle; Graph requires one beyond a 1-hour lifetime. */
  lifecycleNotificationUrl: string;
  /** The secret Graph echoes in every notification; at most 128 characters. Never logged. */
  clientState: string;
  /** DEFAULT_SUBSCRIPTIONS unless given. */
  subscriptions?: readonly SubscriptionSpec[];
  /** `A` (security and compliance apps) by default; `evaluation` sends none (capped volume). */
  paymentModel?: PaymentModel;
  /** Rich notifications: needs the public certificate (PEM or base64 DER) and an ID for it. */
  includeResourceData?: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
  /** Called when notifications may have been lost (missed, removed, expired); e.g. the hunting poller. */
  catchUp?: (request: CatchUpRequest) => Promise<void>;
  /** Lifetime to ask for; capped at, and by default, 15 minutes under the documented 4,320 minutes. */
  lifetimeMs?: number;
  /** Renew after this fraction of the granted lifetime: 2/3 by default. */
  renewAtFraction?: number;
  /** How often the holder checks its subscriptions: 30 s by default. */
  tickIntervalMs?: number;
  /** One lease period: 60 s by default; a dead holder is replaced within two. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** This replica's name for the lease; random by default. */
  owner?: string;
  now?: () => number;
}

/** Waits after failures: 10 s doubling to 15 min; a Retry-After of up to an hour is honoured. */
export const DEFAULT_SUBSCRIPTION_BACKOFF: BackoffOptions = Object.freeze({
  baseMs: 10_000,
  maxMs: 15 * 60_000,
  retryAfterMaxMs: 60 * 60_000,
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const invalid = (message: string): HelpdeskGuardError =>
  new HelpdeskGuardError('config_invalid', `graph subscriptions: ${message}`);

/** Graph delivers to HTTPS only; plain HTTP is let through for loopback (tests, a local tunnel's far end). */
const checkUrl = (what: string, url: string): void => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (
    !parsed ||
    (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)))
  ) {
    throw invalid(`${what} "${redactUrl(url)}" is not an HTTPS URL; Graph only delivers to HTTPS endpoints`);
  }
};

/** The settled options: validated, defaults applied, certificate normalised. */
export const settleOptions = (options: SubscriptionManagerOptions) => {
  checkUrl('the notification URL', options.notificationUrl);
  checkUrl('the lifecycle notification URL', options.lifecycleNotificationUrl);
  if (options.clientState.length === 0 || options.clientState.length > CLIENT_STATE_MAX_LENGTH) {
    throw invalid(`the clientState must have 1 to ${CLIENT_STATE_MAX_LENGTH} characters (Graph's limit)`);
  }
  const includeResourceData = options.includeResourceData ?? false;
  if (includeResourceData && (!options.encryptionCertificate || !options.encryptionCertificateId)) {
    throw invalid('rich notifications need the encryption certificate and its ID');
  }
  const paymentModel = options.paymentModel ?? 'A';
  const wanted: WantedSubscription[] = (options.subscriptions ?? DEFAULT_SUBSCRIPTIONS).map((spec) => ({
    name: spec.name,
    changeType: spec.changeType,
    resource: resourceWithModel(spec.resource, paymentModel),
  }));
  const settings: CreationSettings = {
    notificationUrl: options.notificationUrl,
    lifecycleNotificationUrl: options.lifecycleNotificationUrl,
    clientState: options.clientState,
    includeResourceData,
    ...(includeResourceData
      ? {
          encryptionCertificate: normaliseEncryptionCertificate(options.encryptionCertificate!),
          encryptionCertificateId: options.encryptionCertificateId,
        }
      : {}),
    lifetimeMs: Math.min(options.lifetimeMs ?? DEFAULT_LIFETIME_MS, DEFAULT_LIFETIME_MS),
  };
  const renewAtFraction = options.renewAtFraction ?? 2 / 3;
  if (!(renewAtFraction > 0 && renewAtFraction < 1))
    throw invalid('renewAtFraction must lie between 0 and 1');
  if (options.lifetimeMs !== undefined && !(options.lifetimeMs > 0))
    throw invalid('lifetimeMs must be positive');
  const leaseMs = options.leaseMs ?? 60_000;
  return {
    wanted,
    settings,
    renewAtFraction,
    tickIntervalMs: options.tickIntervalMs ?? 30_000,
    leaseMs,
    backoff: options.backoff ?? DEFAULT_SUBSCRIPTION_BACKOFF,
    owner: options.owner ?? randomUUID(),
    now: options.now ?? Date.now,
  };
};
