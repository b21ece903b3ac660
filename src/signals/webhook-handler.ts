import type { Request, Response } from 'restify';
import { errorBody } from '../errors';
import { describeBodyIssues } from '../http/describe-issues';
import { BodyRefused, parseJson } from '../http/read-body';
import { requestLog } from '../http/server';
import type { Logger } from '../log/logger';
import type { DedupeStore } from '../store/ports';
import { fromWebhook, webhookSignalSchema, type FirstContactSignal } from './first-contact-signal';
import { checkSignature, SIGNATURE_WINDOW_SECONDS } from './signature';

/** The webhook's body limit (bodies over it get 413 before any work is done). */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

export interface WebhookDeps {
  secret: string;
  homeTenantId: string;
  log: Logger;
  /**
   * Remembers each signature taken for as long as its timestamp is acceptable, so a
   * captured request cannot be replayed to fill the queue (stores.dedupe: shared by every
   * replica in Redis mode).
   */
  replays: Pick<DedupeStore, 'claim' | 'release'>;
  /** Stores the signal durably; the 202 is sent only after this resolves. */
  enqueue: (signal: FirstContactSignal) => Promise<string>;
}

const rawText = (body: unknown): string => (typeof body === 'string' ? body : '');

/** A timestamp is good for the window either side of now, so its signature must be remembered for both. */
const REPLAY_MEMORY_MS = 2 * SIGNATURE_WINDOW_SECONDS * 1_000 + 5_000;

const STORE_UNAVAILABLE = errorBody(
  'store_unavailable',
  'The signal queue is unavailable; retry in a few seconds.',
);

/**
 * POST /api/signals/first-contact: signature first (an unsigned caller learns nothing
 * about the body), then the body, then the replay check, then a durable enqueue, then 202.
 * A request whose signature was already taken (a replay, or the sender's retry after a lost
 * answer) gets 202 `duplicate` and stores nothing: the signal is in the queue already.
 */
export const firstContactWebhook =
  ({ secret, homeTenantId, log, replays, enqueue }: WebhookDeps) =>
  async (req: Request, res: Response): Promise<void> => {
    const reqLog = requestLog(req, log);
    const raw = rawText(req.body);
    const problem = checkSignature({
      secret,
      timestamp: req.header('x-timestamp'),
      signature: req.header('x-signature-256'),
      rawBody: raw,
    });
    if (problem) {
      reqLog.warn({ problem }, 'signal refused: signature');
      const message =
        problem === 'stale'
          ? 'X-Timestamp is more than 300 s from now; sign with the current Unix time'
          : problem === 'mismatch'
            ? 'X-Signature-256 does not match: verify that the signing secret matches SIGNAL_WEBHOOK_SECRET'
            : 'X-Timestamp and X-Signature-256 (sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">) are required';
      res.send(401, errorBody('signature_invalid', message));
      return;
    }
    let json: unknown;
    try {
      json = parseJson(raw);
    } catch (err) {
      if (!(err instanceof BodyRefused)) throw err;
      res.send(err.status, errorBody(err.code, err.message));
      return;
    }
    const parsed = webhookSignalSchema.safeParse(json);
    if (!parsed.success) {
      const reason = describeBodyIssues(parsed.error);
      reqLog.info({ reason }, 'signal refused: body');
      res.send(400, errorBody('body_invalid', reason));
      return;
    }
    const signal = fromWebhook(parsed.data, homeTenantId, Date.now());
    const replayKey = `webhook-signature:${(req.header('x-signature-256') ?? '').toLowerCase()}`;
    let signalId: string;
    try {
      if (!(await replays.claim(replayKey, REPLAY_MEMORY_MS))) {
        reqLog.warn(
          { chatThreadId: signal.chatThreadId },
          'signal not stored again: signature already taken',
        );
        res.send(202, { status: 'duplicate' });
        return;
      }
      try {
        signalId = await enqueue(signal);
      } catch (err) {
        // Not stored: the sender's retry of this very request must be taken, not called a replay.
        await replays
          .release(replayKey)
          .catch((releaseErr: unknown) =>
            reqLog.error(
              { err: releaseErr },
              'signature of an unstored signal still remembered: its sender must sign the retry anew',
            ),
          );
        throw err;
      }
    } catch (err) {
      // Not stored means not accepted: the sender must retry, so say when.
      reqLog.error({ err }, 'signal not stored: queue unavailable');
      res.header('retry-after', '5');
      res.send(503, STORE_UNAVAILABLE);
      return;
    }
    reqLog.info({ signalId, chatThreadId: signal.chatThreadId, source: signal.source }, 'signal accepted');
    res.send(202, { status: 'accepted', signalId });
  };
