import type { Request, Response } from 'restify';
import type { ErrorCode } from '../../errors';
import { requestLog, type PostRoute } from '../../http/server';
import type { Logger } from '../../log/logger';
import { createClientStateCheck } from './client-state';
import {
  parseNotificationCollection,
  type ChangeNotification,
  type LifecycleNotification,
} from './notification-schema';
import {
  screenCollection,
  type AcceptedItem,
  type Drop,
  type DropReason,
  type NotificationKind,
} from './screen-collection';
import { answerValidationHandshake } from './validation-handshake';
import type { ValidationTokenCheck } from './validation-tokens';

export const GRAPH_NOTIFICATIONS_PATH = '/api/graph/notifications';
export const GRAPH_LIFECYCLE_PATH = '/api/graph/lifecycle';
/** Rich notifications carry whole resources, batched; lifecycle notifications are small. */
export const GRAPH_NOTIFICATIONS_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const GRAPH_LIFECYCLE_MAX_BODY_BYTES = 256 * 1024;
/** Graph retries for up to 4 hours; a few seconds is enough for a restarting store. */
const RETRY_AFTER_S = '5';
/** How many dropped items one log line names; the count is always complete. */
const LOGGED_ITEMS_PER_REASON = 10;

/** What the endpoints count, so the caller can bind prom-client counters to it. */
export interface NotificationCounters {
  accepted(kind: NotificationKind): void;
  dropped(reason: DropReason): void;
}

export interface GraphNotificationDeps {
  /** The clientState given when subscribing (GRAPH_CLIENT_STATE). */
  clientState: string;
  /** Our tenant (HOME_TENANT_ID): the issuer of validation tokens and of every notification. */
  tenantId: string;
  tokens: Pick<ValidationTokenCheck, 'checkTokens'>;
  counters: NotificationCounters;
  log: Logger;
}

type NotificationOf<K extends NotificationKind> = K extends 'change'
  ? ChangeNotification
  : LifecycleNotification;
type Deliver<K extends NotificationKind> = (notification: NotificationOf<K>) => Promise<unknown>;

const unavailable = (res: Response, code: ErrorCode, message: string): void => {
  res.header('retry-after', RETRY_AFTER_S);
  res.send(503, { code, message });
};

/** One warn line per reason (a forged batch of thousands must not be thousands of lines). */
const reportDrops = (drops: readonly Drop[], counters: NotificationCounters, log: Logger): void => {
  const byReason = new Map<DropReason, Drop[]>();
  for (const drop of drops) {
    counters.dropped(drop.reason);
    byReason.set(drop.reason, [...(byReason.get(drop.reason) ?? []), drop]);
  }
  for (const [reason, items] of byReason) {
    const named = items.slice(0, LOGGED_ITEMS_PER_REASON).map(({ index, subscriptionId, detail }) => ({
      index,
      subscriptionId,
      detail,
    }));
    log.warn({ reason, count: items.length, items: named }, 'graph notifications dropped');
  }
};

/** Stores every accepted item; false when any could not be stored (then Graph resends all). */
const deliverAll = async <K extends NotificationKind>(
  accepted: readonly AcceptedItem<K>[],
  deliver: Deliver<K>,
  log: Logger,
): Promise<boolean> => {
  const results = await Promise.allSettled(
    accepted.map((item) => deliver(item.notification as NotificationOf<K>)),
  );
  const failed = results.flatMap((result, i) =>
    result.status === 'rejected' ? [{ err: result.reason as unknown, index: accepted[i].index }] : [],
  );
  for (const { err, index } of failed) log.error({ err, index }, 'graph notification not stored');
  return failed.length === 0;
};

/**
 * One endpoint's handler: the validation handshake, then the collection (400 if the body
 * is not one), screening, a durable hand-over and 202. The 202 is the same whatever was
 * dropped: Microsoft asks for it so that a forger cannot learn what passed, and so that
 * Graph does not resend what will never pass. 503 (Graph resends) only when our side failed.
 */
const collectionHandler = <K extends NotificationKind>(
  kind: K,
  deps: GraphNotificationDeps,
  deliver: Deliver<K>,
) => {
  const screenDeps = {
    clientStateMatches: createClientStateCheck(deps.clientState),
    tenantId: deps.tenantId,
    checkTokens: deps.tokens.checkTokens,
  };
  return async (req: Request, res: Response): Promise<void> => {
    if (answerValidationHandshake(req, res)) return;
    const log = requestLog(req, deps.log);
    const parsed = parseNotificationCollection(req.body);
    if (!parsed.ok) {
      log.info({ kind, reason: parsed.message }, 'graph notifications refused: body');
      res.send(400, {
        code: 'body_invalid',
        message: `Not a change-notification collection: ${parsed.message}`,
      });
      return;
    }
    const screening = await screenCollection(parsed.collection, kind, screenDeps);
    if (screening.retry) {
      log.error(
        { kind, reason: screening.reason },
        'graph notifications not checked: the signing keys are unavailable; check that this host reaches the JWKS URL (GRAPH_JWKS_URL)',
      );
      unavailable(
        res,
        'signing_keys_unavailable',
        'The signing keys are unavailable; retry in a few seconds.',
      );
      return;
    }
    reportDrops(screening.dropped, deps.counters, log);
    if (!(await deliverAll(screening.accepted, deliver, log))) {
      unavailable(res, 'store_unavailable', 'The notification queue is unavailable; retry in a few seconds.');
      return;
    }
    for (let i = 0; i < screening.accepted.length; i += 1) deps.counters.accepted(kind);
    log.info(
      { kind, accepted: screening.accepted.length, dropped: screening.dropped.length },
      'graph notifications taken',
    );
    res.send(202, { status: 'accepted' });
  };
};

/**
 * POST /api/graph/notifications. `enqueue` stores a change notification durably (still
 * encrypted: the worker calls openNotification); the 202 waits for it, so it must be fast.
 */
export const graphNotificationsHandler = (
  deps: GraphNotificationDeps & { enqueue: (notification: ChangeNotification) => Promise<unknown> },
) => collectionHandler('change', deps, deps.enqueue);

/**
 * POST /api/graph/lifecycle. `onLifecycle` gets each reauthorizationRequired,
 * subscriptionRemoved or missed event; it should persist and return, not call Graph inline.
 */
export const graphLifecycleHandler = (
  deps: GraphNotificationDeps & { onLifecycle: (notification: LifecycleNotification) => Promise<unknown> },
) => collectionHandler('lifecycle', deps, deps.onLifecycle);

/** Both endpoints as routes for createHttpServer (pair them with graphValidationHandshake). */
export const graphNotificationRoutes = (
  deps: GraphNotificationDeps & {
    enqueue: (notification: ChangeNotification) => Promise<unknown>;
    onLifecycle: (notification: LifecycleNotification) => Promise<unknown>;
  },
): PostRoute[] => [
  {
    path: GRAPH_NOTIFICATIONS_PATH,
    maxBodyBytes: GRAPH_NOTIFICATIONS_MAX_BODY_BYTES,
    beforeBody: answerValidationHandshake,
    handler: graphNotificationsHandler(deps),
  },
  {
    path: GRAPH_LIFECYCLE_PATH,
    maxBodyBytes: GRAPH_LIFECYCLE_MAX_BODY_BYTES,
    beforeBody: answerValidationHandshake,
    handler: graphLifecycleHandler(deps),
  },
];
