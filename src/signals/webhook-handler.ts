import type { Request, Response } from 'restify';
import { errorBody } from '../errors';
import { describeBodyIssues } from '../http/describe-issues';
import { BodyRefused, parseJson } from '../http/read-body';
import { requestLog } from '../http/server';
import type { Logger } from '../log/logger';
import { fromWebhook, webhookSignalSchema, type FirstContactSignal } from './first-contact-signal';
import { checkSignature } from './signature';

/** The webhook's body limit (bodies over it get 413 before any work is done). */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

export interface WebhookDeps {
  secret: string;
  homeTenantId: string;
  log: Logger;
  /** Stores the signal durably; the 202 is sent only after this resolves. */
  enqueue: (signal: FirstContactSignal) => Promise<string>;
}

const rawText = (body: unknown): string => (typeof body === 'string' ? body : '');

/**
 * POST /api/signals/first-contact: signature first (an unsigned caller learns nothing
 * about the body), then the body, then a durable enqueue, then 202.
 */
export const firstContactWebhook =
  ({ secret, homeTenantId, log, enqueue }: WebhookDeps) =>
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
    let signalId: string;
    try {
      signalId = await enqueue(signal);
    } catch (err) {
      // Not stored means not accepted: the sender must retry, so say when.
      reqLog.error({ err }, 'signal not stored: queue unavailable');
      res.header('retry-after', '5');
      res.send(
        503,
        errorBody('store_unavailable', 'The signal queue is unavailable; retry in a few seconds.'),
      );
      return;
    }
    reqLog.info({ signalId, chatThreadId: signal.chatThreadId, source: signal.source }, 'signal accepted');
    res.send(202, { status: 'accepted', signalId });
  };
