import { randomUUID, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The subscription routes of FakeGraph. */
export type FakeSubscriptionRoute =
  | 'createSubscription'
  | 'listSubscriptions'
  | 'getSubscription'
  | 'renewSubscription'
  | 'reauthorizeSubscription'
  | 'deleteSubscription';

/** An answer of FakeGraph: status, JSON body, headers. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A subscription as FakeGraph keeps it. */
export interface FakeSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expirationDateTime: string;
  includeResourceData: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
  /** The payment model of a resource that takes one: A, B, or `evaluation` when none was given. */
  paymentModel?: 'A' | 'B' | 'evaluation';
  /** Set by a reauthorizationRequired lifecycle event, cleared by reauthorize or renew. */
  reauthorizationRequired: boolean;
}

/** One validation request FakeGraph made, and what came back. */
export interface FakeValidation {
  url: string;
  token: string;
  ok: boolean;
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
}

export type FakeLifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export const fakeGraphError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): FakeAnswer => ({
  status,
  body: {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } },
  },
  headers,
});

const invalid = (message: string): FakeAnswer => fakeGraphError(400, 'InvalidRequest', message);

/**
 * Resources FakeGraph takes, with the documented maximum lifetime ("Teams chat" and "Teams
 * conversationMember": 4,320 minutes, learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime)
 * and whether `?model=` applies (learn.microsoft.com/graph/teams-licenses).
 */
const RESOURCES = new Map([
  ['/chats', { maxMinutes: 4_320, takesModel: false }],
  ['/chats/getallmembers', { maxMinutes: 4_320, takesModel: true }],
]);

/** Quoted from learn.microsoft.com/graph/teams-changenotifications-chatmembership. */
const LIFECYCLE_REQUIRED =
  'lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour';

const HOUR_MS = 60 * 60_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Routes `/v1.0/subscriptions[/{id}[/reauthorize]]`; undefined for other paths. */
export const matchSubscriptionRoute = (
  method: string,
  pathname: string,
): { route: FakeSubscriptionRoute | 'unknown'; key?: string } | undefined => {
  const match = /^\/v1\.0\/subscriptions(?:\/([^/]+)(\/reauthorize)?)?$/.exec(pathname);
  if (!match) return undefined;
  const key = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const routes: Record<string, FakeSubscriptionRoute> = key
    ? match[2]
      ? { POST: 'reauthorizeSubscription' }
      : { GET: 'getSubscription', PATCH: 'renewSubscription', DELETE: 'deleteSubscription' }
    : { GET: 'listSubscriptions', POST: 'createSubscription' };
  return { route: routes[method] ?? 'unknown', key };
};

/**
 * The subscription part of FakeGraph, following the documented contract: create (201) checks
 * the body, the documented maximum lifetime (400 ExtensionError beyond it), a
 * lifecycleNotificationUrl beyond one hour, the payment model, and then does the validation
 * handshake for real over HTTP: POST `?validationToken=...` to the notification URL and the
 * lifecycle URL, expecting 200 text/plain with the decoded token within 10 s, else 400 and
 * no subscription. Renew (PATCH, 200), reauthorize (204), delete (204), list and get; an
 * unknown or expired subscription answers 404. HTTP (not HTTPS) is accepted on loopback only.
 */
export class FakeGraphSubscriptions {
  /** Every validation request made, in order. */
  readonly validations: FakeValidation[] = [];
  /** How long a validation answer may take: Graph's documented 10 s. */
  validationTimeoutMs = 10_000;
  private readonly subscriptions = new Map<string, FakeSubscription>();

  constructor(
    private readonly options: { now: () => number; baseUrl: () => string; tenantId: string; appId: string },
  ) {}

  /** The live subscriptions (copies). */
  list(): FakeSubscription[] {
    return [...this.subscriptions.keys()].flatMap((id) => this.get(id) ?? []);
  }

  /** One live subscription (a copy), or undefined. */
  get(id: string): FakeSubscription | undefined {
    const found = this.live(id);
    return found && { ...found };
  }

  /** Lets a subscription run out now, as if nobody renewed it. */
  expire(id: string): void {
    const found = this.subscriptions.get(id);
    if (found) found.expirationDateTime = new Date(this.options.now()).toISOString();
  }

  /** Drops a subscription without telling anyone (a renewal then answers 404). */
  remove(id: string): void {
    this.subscriptions.delete(id);
  }

  /**
   * Sends a lifecycle notification to the subscription's lifecycleNotificationUrl in the
   * documented shape; subscriptionRemoved removes the subscription first, as Graph does.
   * Resolves with the endpoint's status.
   */
  async sendLifecycle(id: string, lifecycleEvent: FakeLifecycleEvent): Promise<number> {
    const found = this.subscriptions.get(id);
    if (!found?.lifecycleNotificationUrl)
      throw new Error(`FakeGraph: no subscription ${id} with a lifecycle URL`);
    if (lifecycleEvent === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (lifecycleEvent === 'reauthorizationRequired') found.reauthorizationRequired = true;
    const item = {
      subscriptionId: id,
      subscriptionExpirationDateTime: found.expirationDateTime,
      tenantId: this.options.tenantId,
      ...(found.clientState === undefined ? {} : { clientState: found.clientState }),
      lifecycleEvent,
    };
    const response = await fetch(found.lifecycleNotificationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [item] }),
      // Graph's delivery client gives up after 3 s (change-notifications-delivery-webhooks).
      signal: AbortSignal.timeout(3_000),
    });
    await response.text();
    return response.status;
  }

  async serve(route: FakeSubscriptionRoute, key: string | undefined, body: unknown): Promise<FakeAnswer> {
    if (route === 'listSubscriptions') {
      return {
        status: 200,
        body: { '@odata.context': this.context(''), value: this.list().map((s) => this.shape(s)) },
      };
    }
    if (route === 'createSubscription')
      return isObject(body) ? this.create(body) : invalid('Invalid JSON body.');
    const found = key === undefined ? undefined : this.live(key);
    if (!found) return fakeGraphError(404, 'ResourceNotFound', `The subscription '${key}' was not found.`);
    switch (route) {
      case 'getSubscription':
        return { status: 200, body: { '@odata.context': this.context('/$entity'), ...this.shape(found) } };
      case 'renewSubscription':
        return isObject(body) ? this.renew(found, body) : invalid('Invalid JSON body.');
      case 'reauthorizeSubscription':
        found.reauthorizationRequired = false;
        return { status: 204 };
      case 'deleteSubscription':
        this.subscriptions.delete(found.id);
        return { status: 204 };
    }
  }

  private live(id: string): FakeSubscription | undefined {
    const found = this.subscriptions.get(id);
    if (found && Date.parse(found.expirationDateTime) <= this.options.now()) this.subscriptions.delete(id);
    return this.subscriptions.get(id);
  }

  private context(suffix: string): string {
    return `${this.options.baseUrl()}/v1.0/$metadata#subscriptions${suffix}`;
  }

  private shape(subscription: FakeSubscription): Record<string, unknown> {
    const { paymentModel: _model, reauthorizationRequired: _reauth, ...fields } = subscription;
    return {
      applicationId: this.options.appId,
      creatorId: this.options.appId,
      notificationQueryOptions: null,
      latestSupportedTlsVersion: 'v1_2',
      notificationUrlAppId: null,
      clientState: null,
      lifecycleNotificationUrl: null,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      ...fields,
    };
  }

  private expiryError(value: unknown, maxMinutes: number, hasLifecycleUrl: boolean): FakeAnswer | undefined {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) return invalid('expirationDateTime is not a valid DateTimeOffset.');
    const ahead = at - this.options.now();
    if (ahead <= 0) return invalid('Subscription expiration must be in the future.');
    if (ahead > maxMinutes * 60_000) {
      return fakeGraphError(
        400,
        'ExtensionError',
        `Subscription expiration can only be ${maxMinutes} minutes in the future.`,
      );
    }
    return ahead > HOUR_MS && !hasLifecycleUrl ? invalid(LIFECYCLE_REQUIRED) : undefined;
  }

  private urlError(name: string, value: unknown): FakeAnswer | undefined {
    const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
    const ok = url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)));
    return ok ? undefined : invalid(`${name} must be an HTTPS URL.`);
  }

  private async create(body: Record<string, unknown>): Promise<FakeAnswer> {
    for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
      if (typeof body[name] !== 'string' || body[name] === '') {
        return invalid(`${name} is a required property for subscription creation.`);
      }
    }
    const resource = body.resource as string;
    const [path, query = ''] = resource.split('?', 2);
    const spec = RESOURCES.get(`/${path.replace(/^\/+/, '')}`.toLowerCase());
    if (!spec) return invalid(`FakeGraph does not support subscriptions to '${resource}'.`);
    const model = new URLSearchParams(query).get('model');
    // Not documented either way for /chats; the fake refuses what the docs do not list.
    if (model !== null && (!spec.takesModel || !['A', 'B'].includes(model))) {
      return invalid(`The payment model '${model}' is not supported for '${path}'.`);
    }
    const changeTypes = (body.changeType as string).split(',').map((type) => type.trim());
    if (!changeTypes.every((type) => ['created', 'updated', 'deleted'].includes(type))) {
      return invalid(`Invalid changeType '${body.changeType as string}'.`);
    }
    const lifecycleUrl = body.lifecycleNotificationUrl;
    const refusal =
      this.urlError('notificationUrl', body.notificationUrl) ??
      (lifecycleUrl === undefined ? undefined : this.urlError('lifecycleNotificationUrl', lifecycleUrl)) ??
      (body.clientState !== undefined &&
      (typeof body.clientState !== 'string' || body.clientState.length > 128)
        ? invalid('clientState must be a string of at most 128 characters.')
        : undefined) ??
      this.certificateError(body) ??
      this.expiryError(body.expirationDateTime, spec.maxMinutes, lifecycleUrl !== undefined);
    if (refusal) return refusal;
    for (const url of [body.notificationUrl, lifecycleUrl].filter(
      (u): u is string => typeof u === 'string',
    )) {
      // The wording is Graph's as reported in the field; the docs only say the subscription is not created.
      if (!(await this.validate(url))) {
        return invalid(
          'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
        );
      }
    }
    const created: FakeSubscription = {
      id: randomUUID(),
      resource,
      changeType: body.changeType as string,
      notificationUrl: body.notificationUrl as string,
      ...(typeof lifecycleUrl === 'string' ? { lifecycleNotificationUrl: lifecycleUrl } : {}),
      ...(typeof body.clientState === 'string' ? { clientState: body.clientState } : {}),
      expirationDateTime: new Date(Date.parse(body.expirationDateTime as string)).toISOString(),
      includeResourceData: body.includeResourceData === true,
      ...(typeof body.encryptionCertificate === 'string'
        ? { encryptionCertificate: body.encryptionCertificate }
        : {}),
      ...(typeof body.encryptionCertificateId === 'string'
        ? { encryptionCertificateId: body.encryptionCertificateId }
        : {}),
      ...(spec.takesModel ? { paymentModel: (model ?? 'evaluation') as 'A' | 'B' | 'evaluation' } : {}),
      reauthorizationRequired: false,
    };
    this.subscriptions.set(created.id, created);
    return {
      status: 201,
      body: { '@odata.context': this.context('/$entity'), ...this.shape(created) },
    };
  }

  private certificateError(body: Record<string, unknown>): FakeAnswer | undefined {
    if (body.includeResourceData !== true) return undefined;
    const certificate = body.encryptionCertificate;
    if (typeof certificate !== 'string') {
      return invalid('encryptionCertificate is a required property when includeResourceData is true.');
    }
    try {
      new X509Certificate(Buffer.from(certificate, 'base64'));
      return undefined;
    } catch {
      // A PEM with its armour, a key or garbage: Graph needs the base64 of the DER certificate.
      return invalid('encryptionCertificate is not a base64-encoded X.509 certificate.');
    }
  }

  private renew(found: FakeSubscription, body: Record<string, unknown>): FakeAnswer {
    if (Object.keys(body).some((name) => name !== 'expirationDateTime' && name !== 'notificationUrl')) {
      return invalid('Only expirationDateTime and notificationUrl can be updated.');
    }
    const spec = RESOURCES.get(`/${found.resource.split('?')[0].replace(/^\/+/, '')}`.toLowerCase())!;
    const refusal = this.expiryError(
      body.expirationDateTime,
      spec.maxMinutes,
      found.lifecycleNotificationUrl !== undefined,
    );
    if (refusal) return refusal;
    found.expirationDateTime = new Date(Date.parse(body.expirationDateTime as string)).toISOString();
    found.reauthorizationRequired = false;
    return { status: 200, body: { '@odata.context': this.context('/$entity'), ...this.shape(found) } };
  }

  /** The handshake of change-notifications-delivery-webhooks: the decoded token back, 200 text/plain, within 10 s. */
  private async validate(url: string): Promise<boolean> {
    // Shaped like Graph's tokens: spaces and colons, so an echo of the encoded form fails.
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.append('validationToken', token);
    const attempt: FakeValidation = { url, token, ok: false };
    this.validations.push(attempt);
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.validationTimeoutMs),
      });
      attempt.status = response.status;
      attempt.contentType = response.headers.get('content-type') ?? undefined;
      attempt.body = await response.text();
      attempt.ok =
        response.status === 200 &&
        /^text\/plain\b/i.test(attempt.contentType ?? '') &&
        attempt.body === token;
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err);
    }
    return attempt.ok;
  }
}

/** A self-signed public certificate (no key kept) for rich-notification subscriptions in tests. */
export const DUMMY_ENCRYPTION_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIDHzCCAgegAwIBAgIUF278qAkKTc7rVI6qniAfyA8Koh0wDQYJKoZIhvcNAQEL
BQAwHzEdMBsGA1UEAwwUaGVscGRlc2stZ3VhcmQtZHVtbXkwHhcNMjYxMjAzMDYy
NTA4WhcNMzYxMTMwMDYyNTA4WjAfMR0wGwYDVQQDDBRoZWxwZGVzay1ndWFyZC1k
dW1teTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKcW+S+q4doZAtYS
3tXwJwFa3/N1roIGXcs90QPGDqfE+hfZo6M3MEf0j8CZiYz3a+GAAlVAv5LOkRdF
hraqYEZMx3AFyMHXOyGOi+/T3xmWK+HeFwwZfhlBp+EgaZ9kYSgjkeOhPoNgYSBv
DWovvN7ImF4dkDl9ZLZJ6zTCOO5Z249CFGKAav+BEx9cJjpRO01wDM8McRE8ccXr
6tIoIPMvV4/HAk8jVKMDGqqRM/zW7cuGvrZ3CCi4zWTQnj1K0nqCZHFcdBuhiyNR
w+Qpcqy+gbJtevJvFOxQhF144om0xxS0utO/aSstyd5c21qa34YZKonKAFc81PbX
MSvKVcMCAwEAAaNTMFEwHQYDVR0OBBYEFEOnodtNY1Iru9FFsDYWBcfwQSEtMB8G
A1UdIwQYMBaAFEOnodtNY1Iru9FFsDYWBcfwQSEtMA8GA1UdEwEB/wQFMAMBAf8w
DQYJKoZIhvcNAQELBQADggEBAB6ID9vRt/AiQUqjCT88opS/ynPGmnHQFwUVTy4S
w+pzKMILOQD1q04RoWEKN7giZqauwCdQGiOnwm79ABSo0hnT8jAGp+JXBsZezYHs
CalreAOgNfu59ilmlia2Qr6KeNGbpmIp3IiZl7Hf8Q/v+YJz4l8ReiHim2h+kuAG
vOyWMNEUZyh+CM3Pw0W+XVIP724ga/QIusoLNG5RxNoIGuLhEzc4xDLC9zHRG5CC
5s9eNC+bGhD+3A7rrgtOH/vw9WnWHGhwx2sGFJ7W9A0TpMozHcF0QgumD/nlya3a
xE8B7usyKZO84BZcjxfvhZ0GcQeEO80Qm7FUqqFFoy7ljOQ=
-----END CERTIFICATE-----
`;

/** How the fake receiver answers validation requests: correctly, or broken in one way. */
export type ReceiverHandshake = 'correct' | 'encoded' | 'json' | 'silent';

/**
 * Stands in for the bot's two Graph routes on loopback: answers the validation handshake
 * (as told by `handshake`) and hands each lifecycle notification to `onLifecycle`, then 202.
 */
export const startFakeGraphReceiver = async (
  onLifecycle: (item: Record<string, unknown>) => Promise<unknown> = async () => undefined,
) => {
  const lifecycleBodies: unknown[] = [];
  const control = { handshake: 'correct' as ReceiverHandshake };
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://receiver');
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      if (control.handshake === 'silent') return; // never answers: Graph's 10 s run out
      const body = control.handshake === 'encoded' ? encodeURIComponent(token) : token;
      const type = control.handshake === 'json' ? 'application/json' : 'text/plain; charset=utf-8';
      // Not chained: restify, loaded by other suites of the same worker, makes writeHead return nothing.
      res.writeHead(200, { 'content-type': type });
      res.end(control.handshake === 'json' ? JSON.stringify(body) : body);
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      value: Array<Record<string, unknown>>;
    };
    if (url.pathname === '/api/graph/lifecycle') {
      lifecycleBodies.push(body);
      for (const item of body.value) await onLifecycle(item);
    }
    res.writeHead(202);
    res.end();
  };
  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    notificationUrl: `${origin}/api/graph/notifications`,
    lifecycleNotificationUrl: `${origin}/api/graph/lifecycle`,
    lifecycleBodies,
    control,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
