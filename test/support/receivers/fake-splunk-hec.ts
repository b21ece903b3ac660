import {
  Gate,
  type ReceivedRequest,
  type RunningServer,
  type ScriptedReply,
  startServer,
} from './http-receiver';

/** The HEC envelope as received. */
export interface ReceivedHecEnvelope {
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  event: Record<string, unknown>;
}

/** Splunk's documented HEC replies (Splunk docs, "Troubleshoot HTTP Event Collector"). */
export const HEC_REPLIES = {
  success: { status: 200, body: { text: 'Success', code: 0 } },
  tokenRequired: { status: 401, body: { text: 'Token is required', code: 2 } },
  invalidAuthorization: { status: 401, body: { text: 'Invalid authorization', code: 3 } },
  invalidToken: { status: 403, body: { text: 'Invalid token', code: 4 } },
  noData: { status: 400, body: { text: 'No data', code: 5 } },
  invalidDataFormat: { status: 400, body: { text: 'Invalid data format', code: 6 } },
  serverBusy: { status: 503, body: { text: 'Server is busy', code: 9 } },
  dataChannelMissing: { status: 400, body: { text: 'Data channel is missing', code: 10 } },
  eventFieldRequired: { status: 400, body: { text: 'Event field is required', code: 12 } },
} satisfies Record<string, ScriptedReply>;

/**
 * Splits HEC's batch format: JSON objects one after another, with or without whitespace
 * between them. Throws on anything else.
 */
export const splitConcatenatedJson = (text: string): unknown[] => {
  const out: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}') {
      depth -= 1;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0 && !/\s/.test(c)) throw new Error(`unexpected '${c}' at ${i}`);
  }
  if (depth !== 0 || inString) throw new Error('truncated JSON');
  return out;
};

export interface FakeSplunkHecOptions {
  token: string;
  /** Indexer acknowledgement on the token: a channel is required and replies carry an ackId. */
  ack?: boolean;
  /** Ack polls answered "false" before "true", per ackId. */
  pendingAckPolls?: number;
}

/**
 * A local Splunk HEC: /services/collector/event and /services/collector/ack, with the
 * documented status codes. Tests script replies (next()), bring it down (busy), hold
 * requests (gate) or reject chosen events (rejectEvent: 400 code 6).
 */
export class FakeSplunkHec {
  readonly received: ReceivedHecEnvelope[] = [];
  readonly requests: ReceivedRequest[] = [];
  readonly gate = new Gate();
  /** While true every event request answers 503 "Server is busy" (code 9). */
  busy = false;
  /** Retry-After sent with the busy 503, in seconds. */
  busyRetryAfter?: number;
  rejectEvent?: (envelope: ReceivedHecEnvelope) => boolean;
  private readonly scripted: ScriptedReply[] = [];
  private readonly ackPolls = new Map<number, number>();
  private nextAckId = 0;
  private server?: RunningServer;

  constructor(private readonly options: FakeSplunkHecOptions) {}

  async start(): Promise<this> {
    this.server = await startServer((request) => this.handle(request));
    return this;
  }

  /** The full event endpoint, as SPLUNK_HEC_URL takes it. */
  get url(): string {
    return `${this.server!.origin}/services/collector/event`;
  }

  /** Answers the next requests with these replies, in order, before anything else. */
  next(...replies: ScriptedReply[]): void {
    this.scripted.push(...replies);
  }

  /** The EventIds of every accepted event (duplicates included). */
  eventIds(): string[] {
    return this.received.map((envelope) => String(envelope.event.EventId));
  }

  async close(): Promise<void> {
    this.gate.release();
    await this.server?.close();
  }

  private authorize(request: ReceivedRequest): ScriptedReply | undefined {
    const header = request.headers.authorization;
    if (!header) return HEC_REPLIES.tokenRequired;
    if (!header.startsWith('Splunk ')) return HEC_REPLIES.invalidAuthorization;
    if (header.slice('Splunk '.length) !== this.options.token) return HEC_REPLIES.invalidToken;
    if (this.options.ack && !request.headers['x-splunk-request-channel'])
      return HEC_REPLIES.dataChannelMissing;
    return undefined;
  }

  private async handle(request: ReceivedRequest): Promise<ScriptedReply> {
    this.requests.push(request);
    const path = request.path.split('?')[0];
    if (request.method !== 'POST') return { status: 404, body: { text: 'Not found', code: 404 } };
    const refused = this.authorize(request);
    if (refused) return refused;
    if (path === '/services/collector/ack') return this.ackReply(request);
    if (path !== '/services/collector/event' && path !== '/services/collector/event/1.0') {
      return { status: 404, body: { text: 'The requested URL was not found on this server.', code: 404 } };
    }
    await this.gate.pass();
    // A sender killed while its request was held never learns the outcome: record nothing.
    if (request.clientGone()) return { status: 499 };
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (this.busy) {
      return {
        ...HEC_REPLIES.serverBusy,
        headers: this.busyRetryAfter === undefined ? {} : { 'Retry-After': String(this.busyRetryAfter) },
      };
    }
    return this.accept(request.body.toString('utf8'));
  }

  private accept(text: string): ScriptedReply {
    if (text.trim() === '') return HEC_REPLIES.noData;
    let envelopes: ReceivedHecEnvelope[];
    try {
      envelopes = splitConcatenatedJson(text) as ReceivedHecEnvelope[];
    } catch {
      return HEC_REPLIES.invalidDataFormat;
    }
    for (const [i, envelope] of envelopes.entries()) {
      if (envelope.event === undefined)
        return { status: 400, body: { ...HEC_REPLIES.eventFieldRequired.body, 'invalid-event-number': i } };
      if (this.rejectEvent?.(envelope))
        return { status: 400, body: { ...HEC_REPLIES.invalidDataFormat.body, 'invalid-event-number': i } };
    }
    this.received.push(...envelopes);
    if (!this.options.ack) return HEC_REPLIES.success;
    const ackId = this.nextAckId++;
    this.ackPolls.set(ackId, this.options.pendingAckPolls ?? 0);
    return { status: 200, body: { text: 'Success', code: 0, ackId } };
  }

  private ackReply(request: ReceivedRequest): ScriptedReply {
    const { acks } = JSON.parse(request.body.toString('utf8')) as { acks: number[] };
    const status: Record<string, boolean> = {};
    for (const id of acks) {
      const left = this.ackPolls.get(id);
      status[String(id)] = left === 0;
      if (left !== undefined && left > 0) this.ackPolls.set(id, left - 1);
    }
    return { status: 200, body: { acks: status } };
  }
}
