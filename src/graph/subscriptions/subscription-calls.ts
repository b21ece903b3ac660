import { invalidAnswer } from '../graph-error';
import { SUBSCRIPTIONS_PATH, subscriptionPath } from '../graph-paths';
import type { GraphOperation } from '../graph-permissions';
import {
  type GraphRequest,
  type GraphRequestContext,
  type GraphResponse,
  sendGraphRequest,
} from '../send-graph-request';

/** A change-notification subscription as Graph returns it: the fields the bot uses. */
export interface GraphSubscription {
  id: string;
  /** As created, payment model included, e.g. `/chats/getAllMembers?model=A`. */
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  /** ISO 8601; what Graph granted, which may be less than what was asked. */
  expirationDateTime: string;
  includeResourceData?: boolean;
  encryptionCertificateId?: string;
  /** Compared when adopting a subscription, never logged. */
  clientState?: string;
}

/** The body of POST /v1.0/subscriptions (subscription-post-subscriptions). */
export interface NewGraphSubscription {
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  resource: string;
  expirationDateTime: string;
  clientState?: string;
  includeResourceData?: boolean;
  /** Base64 DER of the public certificate Graph encrypts resource data with. */
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
}

/** The subscription calls of the Graph client. Every failure is a GraphError. */
export interface GraphSubscriptionCalls {
  /**
   * POST /v1.0/subscriptions -> 201. Graph first POSTs a validationToken to the notification
   * and lifecycle URLs and waits up to 10 s for each, so this call gets 30 s per attempt.
   * Not idempotent: a retried attempt after a lost answer may leave a duplicate, which the
   * manager finds with listSubscriptions.
   */
  createSubscription(body: NewGraphSubscription): Promise<GraphSubscription>;
  /** PATCH /v1.0/subscriptions/{id} with a new expiry -> 200; undefined when Graph no longer has it (404). */
  renewSubscription(
    subscriptionId: string,
    expirationDateTime: string,
  ): Promise<GraphSubscription | undefined>;
  /** POST /v1.0/subscriptions/{id}/reauthorize -> 204, after a reauthorizationRequired lifecycle event. */
  reauthorizeSubscription(subscriptionId: string): Promise<'reauthorized' | 'not_found'>;
  /** DELETE /v1.0/subscriptions/{id} -> 204; a subscription already gone (404) is fine. */
  deleteSubscription(subscriptionId: string): Promise<'deleted' | 'not_found'>;
  /** GET /v1.0/subscriptions, every page: the subscriptions this app created in the tenant. */
  listSubscriptions(): Promise<GraphSubscription[]>;
}

/** Graph waits up to 10 s for each of the two validation answers before it answers the create. */
const CREATE_TIMEOUT_MS = 30_000;

/** More pages than this means something is wrong (the app keeps two subscriptions). */
const MAX_LIST_PAGES = 20;

/** The subscription calls' requests: their operations only. */
type SubscriptionRequest = Omit<GraphRequest, 'operation'> & {
  operation: Extract<GraphOperation, `${string}Subscription${string}`>;
};

const send = (context: GraphRequestContext, request: SubscriptionRequest): Promise<GraphResponse> =>
  sendGraphRequest(context, request);

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** The subscription in a Graph answer, or undefined when the answer is not one. */
const subscriptionOf = (value: unknown): GraphSubscription | undefined => {
  const body = value as Record<string, unknown> | undefined;
  if (
    typeof body?.id !== 'string' ||
    typeof body.resource !== 'string' ||
    typeof body.expirationDateTime !== 'string' ||
    Number.isNaN(Date.parse(body.expirationDateTime))
  ) {
    return undefined;
  }
  const optional = {
    lifecycleNotificationUrl: optionalString(body.lifecycleNotificationUrl),
    encryptionCertificateId: optionalString(body.encryptionCertificateId),
    clientState: optionalString(body.clientState),
    includeResourceData: typeof body.includeResourceData === 'boolean' ? body.includeResourceData : undefined,
  };
  return {
    id: body.id,
    resource: body.resource,
    changeType: optionalString(body.changeType) ?? '',
    notificationUrl: optionalString(body.notificationUrl) ?? '',
    expirationDateTime: body.expirationDateTime,
    ...Object.fromEntries(Object.entries(optional).filter(([, field]) => field !== undefined)),
  };
};

/** `@odata.nextLink` is absolute; sendGraphRequest takes a path on the same endpoint. */
const nextPath = (context: GraphRequestContext, body: unknown): string | undefined | false => {
  const link = (body as { '@odata.nextLink'?: unknown } | undefined)?.['@odata.nextLink'];
  if (link === undefined) return undefined;
  if (typeof link !== 'string' || !link.startsWith(`${context.endpoint}/`)) return false;
  return link.slice(context.endpoint.length);
};

/**
 * The subscription calls over one client's request context: bearer token, timeout and
 * retries on 429/503/504 honouring Retry-After, as for every other call of the client.
 */
export const createSubscriptionCalls = (context: GraphRequestContext): GraphSubscriptionCalls => ({
  async createSubscription(body) {
    const what = `create a subscription to ${body.resource}`;
    const response = await send(
      { ...context, timeoutMs: Math.max(context.timeoutMs, CREATE_TIMEOUT_MS) },
      { operation: 'createSubscription', method: 'POST', path: SUBSCRIPTIONS_PATH, body, what },
    );
    const created = subscriptionOf(response.body);
    if (!created) throw invalidAnswer('createSubscription', what, response.attempts);
    return created;
  },

  async renewSubscription(subscriptionId, expirationDateTime) {
    const what = `renew subscription ${subscriptionId}`;
    const response = await send(context, {
      operation: 'renewSubscription',
      method: 'PATCH',
      path: subscriptionPath(subscriptionId),
      body: { expirationDateTime },
      accept: [404],
      what,
    });
    if (response.status === 404) return undefined;
    const renewed = subscriptionOf(response.body);
    if (!renewed) throw invalidAnswer('renewSubscription', what, response.attempts);
    return renewed;
  },

  async reauthorizeSubscription(subscriptionId) {
    const response = await send(context, {
      operation: 'reauthorizeSubscription',
      method: 'POST',
      path: `${subscriptionPath(subscriptionId)}/reauthorize`,
      accept: [404],
      what: `reauthorize subscription ${subscriptionId}`,
    });
    return response.status === 404 ? 'not_found' : 'reauthorized';
  },

  async deleteSubscription(subscriptionId) {
    const response = await send(context, {
      operation: 'deleteSubscription',
      method: 'DELETE',
      path: subscriptionPath(subscriptionId),
      accept: [404],
      what: `delete subscription ${subscriptionId}`,
    });
    return response.status === 404 ? 'not_found' : 'deleted';
  },

  async listSubscriptions() {
    const what = 'list the subscriptions';
    const found: GraphSubscription[] = [];
    let path: string | undefined = SUBSCRIPTIONS_PATH;
    for (let page = 0; path !== undefined; page += 1) {
      const response = await send(context, { operation: 'listSubscriptions', method: 'GET', path, what });
      const value = (response.body as { value?: unknown } | undefined)?.value;
      const subscriptions = Array.isArray(value) ? value.map(subscriptionOf) : undefined;
      const next = nextPath(context, response.body);
      if (!subscriptions?.every((item) => item !== undefined) || next === false || page >= MAX_LIST_PAGES) {
        throw invalidAnswer('listSubscriptions', what, response.attempts);
      }
      found.push(...(subscriptions as GraphSubscription[]));
      path = next;
    }
    return found;
  },
});
