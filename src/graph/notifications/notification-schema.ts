import { z, type ZodError } from 'zod';
import { describeBodyIssues } from '../../http/describe-issues';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `encryptedContent` of a rich notification (changeNotificationEncryptedContent). The
 * thumbprint is optional here: decryption picks the key by `encryptionCertificateId`.
 */
export const encryptedContentSchema = z
  .object({
    data: z.string().min(1),
    dataSignature: z.string().min(1),
    dataKey: z.string().min(1),
    // "The identifier can be up to 128 characters" (change-notifications-with-resource-data).
    encryptionCertificateId: z.string().min(1).max(128),
    encryptionCertificateThumbprint: z.string().optional(),
  })
  .passthrough();

/**
 * An enum matched without case, answered in Microsoft's documented spelling (the chat
 * intake in src/signals/graph also meets `Created` as well as `created`).
 */
const documentedEnum = <T extends string>(values: readonly [T, ...T[]]) => {
  const byLower = new Map(values.map((value) => [value.toLowerCase(), value]));
  return z.preprocess(
    (given) => (typeof given === 'string' ? (byLower.get(given.toLowerCase()) ?? given) : given),
    z.enum(values),
  );
};

const resourceDataSchema = z
  .object({
    id: z.string().optional(),
    '@odata.type': z.string().optional(),
    '@odata.id': z.string().optional(),
  })
  .passthrough();

/** What change and lifecycle notifications share (changeNotification). */
const commonFields = {
  id: z.string().optional(),
  subscriptionId: z.string().regex(GUID, 'must be a GUID'),
  subscriptionExpirationDateTime: z.string().datetime({ offset: true }),
  tenantId: z.string().regex(GUID, 'must be a GUID'),
  // Optional in Graph's schema; a missing one never matches ours, so it is dropped later.
  clientState: z.string().max(255).optional(),
};

/** A resource change notification: `changeType` and `resource`, never `lifecycleEvent`. */
export const changeNotificationSchema = z
  .object({
    ...commonFields,
    changeType: documentedEnum(['created', 'updated', 'deleted']),
    resource: z.string().min(1),
    resourceData: resourceDataSchema.optional(),
    encryptedContent: encryptedContentSchema.optional(),
  })
  .passthrough();

/** A lifecycle notification about the subscription itself (webhooks-lifecycle). */
export const lifecycleNotificationSchema = z
  .object({
    ...commonFields,
    lifecycleEvent: documentedEnum(['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const),
    resource: z.string().optional(),
    resourceData: resourceDataSchema.optional(),
  })
  .passthrough();

/**
 * The POSTed body (changeNotificationCollection). Items stay `unknown` here so that one
 * malformed item is dropped on its own instead of refusing its neighbours.
 */
export const notificationCollectionSchema = z
  .object({
    value: z.array(z.unknown()),
    validationTokens: z.array(z.string()).optional(),
  })
  .passthrough();

export type EncryptedContent = z.infer<typeof encryptedContentSchema>;
export type ChangeNotification = z.infer<typeof changeNotificationSchema>;
export type LifecycleNotification = z.infer<typeof lifecycleNotificationSchema>;
export type LifecycleEvent = LifecycleNotification['lifecycleEvent'];

/** One item of a collection, parsed on its own. */
export type ParsedItem =
  | { ok: true; index: number; kind: 'change'; notification: ChangeNotification }
  | { ok: true; index: number; kind: 'lifecycle'; notification: LifecycleNotification }
  | { ok: false; index: number; issues: string };

export interface ParsedCollection {
  items: ParsedItem[];
  validationTokens?: string[];
}

export type CollectionParse = { ok: true; collection: ParsedCollection } | { ok: false; message: string };

/** Field paths and zod codes only: an item's values (clientState among them) never reach a log. */
const issuePaths = (error: ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.code}`).join('; ');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses one item; `lifecycleEvent` decides which shape it must have (they are exclusive). */
export const parseNotificationItem = (item: unknown, index: number): ParsedItem => {
  if (isObject(item) && 'lifecycleEvent' in item) {
    const parsed = lifecycleNotificationSchema.safeParse(item);
    return parsed.success
      ? { ok: true, index, kind: 'lifecycle', notification: parsed.data }
      : { ok: false, index, issues: issuePaths(parsed.error) };
  }
  const parsed = changeNotificationSchema.safeParse(item);
  return parsed.success
    ? { ok: true, index, kind: 'change', notification: parsed.data }
    : { ok: false, index, issues: issuePaths(parsed.error) };
};

/**
 * Parses a POSTed change-notification collection: the envelope must be right (else the
 * whole body is refused with a message), each item is judged on its own.
 */
export const parseNotificationCollection = (body: unknown): CollectionParse => {
  const envelope = notificationCollectionSchema.safeParse(body);
  if (!envelope.success) return { ok: false, message: describeBodyIssues(envelope.error) };
  return {
    ok: true,
    collection: {
      items: envelope.data.value.map(parseNotificationItem),
      validationTokens: envelope.data.validationTokens,
    },
  };
};
