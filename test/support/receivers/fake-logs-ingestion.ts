import { gunzipSync } from 'node:zlib';
import { type ReceivedRequest, type RunningServer, type ScriptedReply, startServer } from './http-receiver';
import { createSelfSignedCert } from './self-signed-cert';

/** The documented body limit of one Logs Ingestion call: 1 MB. */
export const INGESTION_MAX_BYTES = 1024 * 1024;

const azureError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): ScriptedReply => ({
  status,
  body: { error: { code, message } },
  headers,
});

/** Replies as the Logs Ingestion API documents them. */
export const INGESTION_REPLIES = {
  accepted: { status: 204 },
  unauthorized: azureError(401, 'InvalidToken', 'The provided access token is invalid.'),
  tooLarge: azureError(
    413,
    'ContentLengthLimitExceeded',
    'Maximum allowed content length: 1048576 bytes (1 MB).',
  ),
  throttled: (retryAfterSeconds: number): ScriptedReply =>
    azureError(429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(retryAfterSeconds) }),
} as const;

export interface FakeLogsIngestionOptions {
  ruleId: string;
  streamName: string;
  /** The bearer token the fake accepts. */
  token: string;
}

/**
 * A local Logs Ingestion endpoint over HTTPS (self-signed; pass `ca` to the sink):
 * POST /dataCollectionRules/{ruleId}/streams/{stream}?api-version=..., gzip or plain
 * JSON arrays, 204 on success, 401 for a bad token, 413 over 1 MB, scripted 429s.
 */
export class FakeLogsIngestion {
  readonly rows: Array<Record<string, unknown>> = [];
  readonly calls: Array<{ bytes: number; status: number }> = [];
  readonly cert = createSelfSignedCert();
  private readonly scripted: ScriptedReply[] = [];
  private server?: RunningServer;

  constructor(private readonly options: FakeLogsIngestionOptions) {}

  async start(): Promise<this> {
    this.server = await startServer((request) => this.record(request), this.cert);
    return this;
  }

  /** The data collection endpoint, as LOGS_INGESTION_ENDPOINT takes it. */
  get endpoint(): string {
    return this.server!.origin;
  }

  next(...replies: ScriptedReply[]): void {
    this.scripted.push(...replies);
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private record(request: ReceivedRequest): ScriptedReply {
    let bytes = request.body.length;
    const reply = this.handle(request, (size) => {
      bytes = size;
    });
    this.calls.push({ bytes, status: reply.status });
    return reply;
  }

  private handle(request: ReceivedRequest, measured: (bytes: number) => void): ScriptedReply {
    const url = new URL(request.path, 'https://fake');
    const expected = `/dataCollectionRules/${this.options.ruleId}/streams/${this.options.streamName}`;
    if (request.method !== 'POST' || url.pathname !== expected || !url.searchParams.get('api-version')) {
      return azureError(404, 'NotFound', `No such data collection rule or stream: ${url.pathname}`);
    }
    if (request.headers.authorization !== `Bearer ${this.options.token}`)
      return INGESTION_REPLIES.unauthorized;
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(request.body) : request.body;
    measured(raw.length);
    if (raw.length > INGESTION_MAX_BYTES || request.body.length > INGESTION_MAX_BYTES)
      return INGESTION_REPLIES.tooLarge;
    let rows: unknown;
    try {
      rows = JSON.parse(raw.toString('utf8'));
    } catch {
      return azureError(400, 'InvalidContent', 'The request body is not valid JSON.');
    }
    if (!Array.isArray(rows))
      return azureError(400, 'InvalidContent', 'The request body must be a JSON array.');
    this.rows.push(...(rows as Array<Record<string, unknown>>));
    return INGESTION_REPLIES.accepted;
  }
}
