import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams chat thread IDs: 19:<id>@unq.gbl.spaces (1:1 / group), @thread.v2, @thread.tacv2, @thread.skype. */
const CHAT_THREAD_ID = /^19:[A-Za-z0-9_.\-:=]+@(unq\.gbl\.spaces|thread\.v2|thread\.tacv2|thread\.skype)$/;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The signed webhook's body (DESIGN.md, POST /api/signals/first-contact). */
export const webhookSignalSchema = z
  .object({
    chatThreadId: z
      .string()
      .regex(CHAT_THREAD_ID, 'must be a Teams chat thread ID like 19:abc_def@unq.gbl.spaces'),
    observedAt: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO 8601 time like 2026-11-27T22:00:00Z' }),
    source: z.string().trim().min(1).max(64),
    sender: z
      .object({
        displayName: z.string().min(1).max(256),
        upn: z
          .string()
          .trim()
          .regex(UPN, 'must be a user principal name like it@x.onmicrosoft.com')
          .max(256)
          .optional(),
        tenantId: z.string().trim().regex(GUID, 'must be a tenant ID (GUID)').optional(),
      })
      .strict(),
    recipient: z
      .object({
        aadObjectId: z.string().trim().regex(GUID, 'must be an Entra object ID (GUID)'),
        upn: z.string().trim().regex(UPN, 'must be a user principal name').max(256).optional(),
      })
      .strict(),
  })
  .strict();

export type WebhookSignal = z.infer<typeof webhookSignalSchema>;

/**
 * One observed first contact, whatever its source (webhook, Graph, hunting poller).
 * Every source turns what it saw into this, and the worker takes it from there.
 */
export interface FirstContactSignal {
  /** The home tenant: the recipient's. */
  tenantId: string;
  chatThreadId: string;
  observedAt: string;
  /** When we received it (ms since epoch), for the signal-to-warning latency. */
  receivedAt: number;
  source: string;
  sender: { displayName: string; upn: string | null; tenantId: string | null };
  recipient: { aadObjectId: string; upn: string | null };
  /** Teams' own verdict (Defender's TeamsImpersonationDetected): warn whatever the name scored. */
  teamsImpersonation?: true;
}

/** Normalises a validated webhook body (IDs lower-cased, absent fields null). */
export const fromWebhook = (
  body: WebhookSignal,
  tenantId: string,
  receivedAt: number,
): FirstContactSignal => ({
  tenantId,
  chatThreadId: body.chatThreadId,
  observedAt: body.observedAt,
  receivedAt,
  source: body.source,
  sender: {
    displayName: body.sender.displayName,
    upn: body.sender.upn?.toLowerCase() ?? null,
    tenantId: body.sender.tenantId?.toLowerCase() ?? null,
  },
  recipient: {
    aadObjectId: body.recipient.aadObjectId.toLowerCase(),
    upn: body.recipient.upn?.toLowerCase() ?? null,
  },
});

/** A signal repeated by several sources warns once: this is what makes it "the same". */
export const dedupeKey = (
  signal: Pick<FirstContactSignal, 'tenantId' | 'chatThreadId' | 'recipient'>,
): string => `first-contact:${signal.tenantId}:${signal.chatThreadId}:${signal.recipient.aadObjectId}`;
