import { createHmac } from 'node:crypto';
import type { WebhookConfig } from '../../config/events-config';
import type { HelpdeskEvent } from '../schema';
import { httpPost, replyError } from './http-post';
import type { EventSink } from './sink';

/**
 * The signature headers of a body, the scheme of the inbound signal webhook:
 * X-Timestamp (Unix seconds) and X-Signature-256 = sha256=<hex HMAC-SHA256 of
 * "<X-Timestamp>.<raw body>">.
 */
export const signWebhookBody = (
  body: string,
  secret: string,
  nowMs: number = Date.now(),
): { 'X-Timestamp': string; 'X-Signature-256': string } => {
  const timestamp = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'X-Timestamp': timestamp, 'X-Signature-256': `sha256=${hex}` };
};

/**
 * EVENT_WEBHOOK_URL: POSTs `{"events": [...]}` signed with EVENT_WEBHOOK_SECRET. A 2xx
 * reply means delivered.
 */
export const createWebhookSink = (config: WebhookConfig, options: { timeoutMs: number }): EventSink => ({
  name: 'webhook',
  async send(events: readonly HelpdeskEvent[]): Promise<void> {
    const body = JSON.stringify({ events });
    const headers = { 'Content-Type': 'application/json', ...signWebhookBody(body, config.secret) };
    const reply = await httpPost('webhook', config.url, body, headers, options.timeoutMs);
    if (reply.status < 200 || reply.status > 299) {
      throw replyError(
        'webhook',
        reply,
        reply.text,
        'check that the receiver verifies with EVENT_WEBHOOK_SECRET',
      );
    }
  },
});
