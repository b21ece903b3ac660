import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ReceivedRequest, type RunningServer, type ScriptedReply, startServer } from './http-receiver';

/**
 * A receiver of the outbound event webhook that checks the signature the way a SOAR
 * playbook would: HMAC-SHA256 of "<X-Timestamp>.<raw body>", timestamp within 300 s.
 */
export class FakeWebhookReceiver {
  readonly events: Array<Record<string, unknown>> = [];
  readonly requests: ReceivedRequest[] = [];
  private readonly scripted: ScriptedReply[] = [];
  private server?: RunningServer;
  /** While true every batch gets 503 (the receiver is down), signed or not. */
  down = false;

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = await startServer((request) => this.handle(request));
    return this;
  }

  get url(): string {
    return `${this.server!.origin}/hooks/helpdesk-guard`;
  }

  next(...replies: ScriptedReply[]): void {
    this.scripted.push(...replies);
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private verified(request: ReceivedRequest): boolean {
    const timestamp = String(request.headers['x-timestamp'] ?? '');
    const signature = String(request.headers['x-signature-256'] ?? '');
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const expected = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.`).update(request.body).digest('hex')}`;
    return (
      signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    );
  }

  private handle(request: ReceivedRequest): ScriptedReply {
    this.requests.push(request);
    if (this.down) return { status: 503, body: { error: 'receiver unavailable' } };
    if (!this.verified(request)) return { status: 401, body: { error: 'bad or missing signature' } };
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    const body = JSON.parse(request.body.toString('utf8')) as { events: Array<Record<string, unknown>> };
    this.events.push(...body.events);
    return { status: 202 };
  }
}
