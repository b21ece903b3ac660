import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SplunkHecConfig } from '../../config/events-config';
import { sleep } from '../backoff';
import type { HelpdeskEvent } from '../schema';
import { httpPost, replyError, type HttpReply } from './http-post';
import { type EventSink, SinkError } from './sink';

export interface SplunkHecSinkOptions {
  timeoutMs: number;
  /** How often to ask /services/collector/ack about a pending batch. */
  ackPollMs?: number;
  host?: string;
}

/** The HEC event envelope (Splunk "Format events for HTTP Event Collector"). */
export interface HecEnvelope {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index?: string;
  event: HelpdeskEvent;
}

/** One event in the HEC envelope; `time` is epoch seconds with milliseconds. */
export const toHecEnvelope = (event: HelpdeskEvent, config: SplunkHecConfig, host: string): HecEnvelope => ({
  time: Date.parse(event.TimeGenerated) / 1000,
  host,
  source: config.source,
  sourcetype: config.sourcetype,
  ...(config.index ? { index: config.index } : {}),
  event,
});

/** A batch as HEC takes it: envelopes concatenated, one per line. */
export const toHecBody = (events: readonly HelpdeskEvent[], config: SplunkHecConfig, host: string): string =>
  events.map((event) => JSON.stringify(toHecEnvelope(event, config, host))).join('\n');

/** The ack endpoint beside the event endpoint: .../services/collector/ack */
export const hecAckUrl = (eventUrl: string): string => {
  const url = new URL(eventUrl);
  url.pathname = url.pathname.replace(
    /\/services\/collector(\/event)?(\/1\.0)?\/?$/,
    '/services/collector/ack',
  );
  return url.toString();
};

const HEC_TOKEN_FIX = 'check SPLUNK_HEC_TOKEN: the token must exist and be enabled in Splunk';

const hecReply = (
  reply: HttpReply,
): { text?: string; code?: number; ackId?: number; acks?: Record<string, boolean> } => {
  try {
    return JSON.parse(reply.text) as { text?: string; code?: number; ackId?: number };
  } catch {
    return { text: reply.text };
  }
};

/**
 * Splunk HTTP Event Collector. With indexer acknowledgement on, a batch is delivered only
 * once /services/collector/ack reports it indexed; a batch not acked within ackTimeoutMs
 * is sent again (a duplicate at worst, never a loss).
 */
export const createSplunkHecSink = (config: SplunkHecConfig, options: SplunkHecSinkOptions): EventSink => {
  const host = options.host ?? hostname();
  const channel = config.channel ?? randomUUID();
  const headers: Record<string, string> = {
    Authorization: `Splunk ${config.token}`,
    'Content-Type': 'application/json',
    ...(config.ack ? { 'X-Splunk-Request-Channel': channel } : {}),
  };
  const ackUrl = hecAckUrl(config.url);

  const waitForAck = async (ackId: number): Promise<void> => {
    const deadline = Date.now() + config.ackTimeoutMs;
    while (Date.now() < deadline) {
      const reply = await httpPost(
        'splunk',
        ackUrl,
        JSON.stringify({ acks: [ackId] }),
        headers,
        options.timeoutMs,
      );
      const body = hecReply(reply);
      if (reply.status !== 200) throw replyError('splunk', reply, body.text ?? '', HEC_TOKEN_FIX);
      if (body.acks?.[String(ackId)] === true) return;
      await sleep(options.ackPollMs ?? 1_000);
    }
    throw new SinkError(
      `splunk: batch ackId ${ackId} not acknowledged within ${config.ackTimeoutMs} ms; sending it again`,
      {
        retryable: true,
      },
    );
  };

  return {
    name: 'splunk',
    async send(events: readonly HelpdeskEvent[]): Promise<void> {
      const reply = await httpPost(
        'splunk',
        config.url,
        toHecBody(events, config, host),
        headers,
        options.timeoutMs,
      );
      const body = hecReply(reply);
      if (reply.status !== 200) {
        throw replyError('splunk', reply, `${body.text ?? ''} (code ${body.code ?? '?'})`, HEC_TOKEN_FIX);
      }
      // No ackId although ack was asked for: acknowledgement is off on this token.
      if (config.ack && typeof body.ackId === 'number') await waitForAck(body.ackId);
    },
  };
};
