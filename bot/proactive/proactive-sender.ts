import { randomUUID } from 'node:crypto';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type Activity, type ConversationReference } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/adaptive-card';
import { parseRetryAfter, retryDelayMs, sleep, type BackoffOptions } from '../../src/events/backoff';
import type { Logger } from '../../src/log/logger';
import type { DeliveryResult } from '../../src/signals/warning-delivery';
import type {
  ConversationRefStore,
  RateLimiter,
  StoredConversationReference,
  UserKey,
} from '../../src/store/ports';
import { reserveAll } from '../../src/store/rate-limiter';

/**
 * A card or text for one user, or how to build it in the user's language: the function gets
 * the locale remembered with the user's conversation (undefined when Teams sent none).
 */
export type ForLocale<T> = T | ((locale: string | undefined) => T);

const inLocale = <T>(value: ForLocale<T>, locale: string | undefined): T =>
  typeof value === 'function' ? (value as (locale: string | undefined) => T)(locale) : value;

/** Teams: 7 sends per second per conversation. */
export const CONVERSATION_RATE_PER_SECOND = 7;
/** The share of the configured tenant rate actually used. */
const PACING_MARGIN = 0.95;
/** Answers worth another try, with backoff (Teams' documented transient statuses). */
const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);

export interface ProactiveSenderDeps {
  adapter: Pick<TeamsAdapter, 'continueConversationAsync'>;
  /** The bot's app ID; '' in local mode. */
  botAppId: string;
  conversations: ConversationRefStore;
  rateLimiter: RateLimiter;
  tenantRatePerSecond: number;
  log: Logger;
  maxAttempts?: number;
  backoff?: BackoffOptions;
}

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?: (name: string) => string | undefined | null } | Record<string, string> };
}

const headerOf = (err: ConnectorError, name: string): string | undefined => {
  const headers = err.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get: (n: string) => string | undefined | null }).get(name) ?? undefined;
  }
  return (headers as Record<string, string>)[name];
};

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 8_000, retryAfterMaxMs: 60_000 };

/**
 * Sends a card into a user's 1:1 chat with the bot, outside any turn. Paces every send
 * under the Teams limits (per conversation and per tenant, shared across replicas with
 * Redis), retries 412/429/5xx with exponential backoff and jitter (Retry-After wins),
 * and marks the reference stale on 403/404 (blocked or uninstalled).
 */
export const createProactiveSender = (deps: ProactiveSenderDeps) => {
  const maxAttempts = deps.maxAttempts ?? 5;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  // Pace a little under the limit, so that the hard cap rarely has to hold a send back.
  const tenantIntervalMs = 1000 / Math.max(1, Math.floor(deps.tenantRatePerSecond * PACING_MARGIN));
  // The cap holds a send's place until it is answered, so it bounds arrivals: the full rate.
  const tenantCap = Math.max(1, Math.floor(deps.tenantRatePerSecond));
  const conversationIntervalMs = Math.ceil(1000 / CONVERSATION_RATE_PER_SECOND);

  /** Ends a send's hold on its place in the cap; a place that cannot be settled lapses. */
  const settle = async (key: string, place: string): Promise<void> => {
    try {
      await deps.rateLimiter.settle(key, place);
    } catch (err) {
      deps.log.warn({ err, key }, 'could not settle a place in the send cap; it lapses on its own');
    }
  };

  /** One paced, retried send (or update) into a conversation; `user` is told stale on 403/404. */
  const deliver = async (
    reference: StoredConversationReference,
    tenantId: string,
    message: Partial<Activity>,
    user?: UserKey,
  ): Promise<DeliveryResult> => {
    const conversationReference = reference as unknown as Partial<ConversationReference>;
    const tenantKey = `tenant:${tenantId}`;
    for (let attempt = 1; ; attempt += 1) {
      const wait = await reserveAll(deps.rateLimiter, [
        { key: `conversation:${reference.conversation.id}`, intervalMs: conversationIntervalMs },
        { key: tenantKey, intervalMs: tenantIntervalMs },
      ]);
      if (wait > 0) await sleep(wait);
      // The hard cap: never more than the rate in any second, counted from the moment of
      // sending until the answer (the send arrives in between), then for a second more.
      const place = randomUUID();
      for (let full = await deps.rateLimiter.acquire(tenantKey, tenantCap, 1000, place); full > 0;) {
        await sleep(full);
        full = await deps.rateLimiter.acquire(tenantKey, tenantCap, 1000, place);
      }
      try {
        let activityId: string | undefined;
        let sendError: unknown;
        try {
          await deps.adapter.continueConversationAsync(
            deps.botAppId,
            conversationReference,
            async (context) => {
              // Caught here: a throw would go to the app's onTurnError, which answers into the
              // very conversation that just refused us and hides the status from this loop.
              try {
                activityId = message.id
                  ? (await context.updateActivity(message), message.id)
                  : (await context.sendActivity(message))?.id;
              } catch (err) {
                sendError = err;
              }
            },
          );
        } finally {
          await settle(tenantKey, place);
        }
        if (sendError) throw sendError;
        return { ok: true, activityId, attempts: attempt };
      } catch (err) {
        const error = err as ConnectorError;
        const status = error.statusCode;
        const detail = `${status ?? error.code ?? 'error'}: ${(error.message ?? 'send failed').slice(0, 200)}`;
        if (status === 403 || status === 404) {
          if (user) await deps.conversations.markStale(user, `${status} from the Bot Connector`);
          return { ok: false, reason: 'blocked', detail, status, attempts: attempt };
        }
        const retryable = status === undefined ? true : RETRYABLE.has(status);
        if (!retryable) return { ok: false, reason: 'rejected', detail, status, attempts: attempt };
        if (attempt >= maxAttempts)
          return { ok: false, reason: 'retries_exhausted', detail, status, attempts: attempt };
        const delay = retryDelayMs(attempt, backoff, parseRetryAfter(headerOf(error, 'retry-after')));
        deps.log.warn(
          { status, attempt, delayMs: delay, conversationId: reference.conversation.id },
          'proactive send failed; retrying',
        );
        await sleep(delay);
      }
    }
  };

  /** Sends into a user's 1:1 chat with the bot, found through the stored reference. */
  const sendToUser = async (
    user: UserKey,
    message: (locale: string | undefined) => Partial<Activity>,
  ): Promise<DeliveryResult> => {
    const record = await deps.conversations.get(user);
    if (!record) {
      return {
        ok: false,
        reason: 'no_reference',
        detail: 'the user has not installed the bot (no conversation reference)',
        attempts: 0,
      };
    }
    return deliver(record.reference, user.tenantId, message(record.reference.locale), user);
  };

  const cardMessage = (card: AdaptiveCardJson, summary: string): Partial<Activity> => {
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    message.summary = summary;
    return message;
  };

  return {
    /** A card into the user's 1:1 chat, built in the user's language when given as a function. */
    sendCard: (user: UserKey, card: ForLocale<AdaptiveCardJson>, summary: ForLocale<string>) =>
      sendToUser(user, (locale) => cardMessage(inLocale(card, locale), inLocale(summary, locale))),
    sendText: (user: UserKey, text: ForLocale<string>) =>
      sendToUser(user, (locale) => MessageFactory.text(inLocale(text, locale))),
    /** Posts into a conversation by reference (a channel): returns the new activity's ID. */
    postCard: (
      reference: StoredConversationReference,
      tenantId: string,
      card: AdaptiveCardJson,
      summary: string,
    ) => deliver(reference, tenantId, cardMessage(card, summary)),
    /** Replaces a card posted earlier (universal actions refresh in place). */
    updateCard: (
      reference: StoredConversationReference,
      tenantId: string,
      activityId: string,
      card: AdaptiveCardJson,
      summary: string,
    ) => deliver(reference, tenantId, { ...cardMessage(card, summary), id: activityId }),
    postText: (reference: StoredConversationReference, tenantId: string, text: string) =>
      deliver(reference, tenantId, MessageFactory.text(text)),
  };
};

export type ProactiveSender = ReturnType<typeof createProactiveSender>;
