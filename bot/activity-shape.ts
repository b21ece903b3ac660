import { z } from 'zod';

/**
 * Identifiers the SDK puts into URL paths and headers (x-ms-conversation-id): visible
 * ASCII only, as Teams writes them ("29:1a...", "19:...@thread.tacv2;messageid=..."). A
 * character outside that set makes Node refuse the outbound header, a 500 before.
 */
const wireId = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII');
/** A display text (names can be in any script), or absent. */
const text = (max: number) => z.string().max(max).nullish();
const dateTime = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date and time')
  .nullish();

/** http(s) only, no credentials: the SDK sends replies there, and refuses other schemes with a 500. */
const serviceUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const account = z
  .object({
    id: wireId,
    name: text(512),
    aadObjectId: text(128),
    role: text(64),
  })
  .passthrough();

const conversation = z
  .object({
    id: wireId,
    tenantId: text(128),
    conversationType: text(64),
    name: text(512),
    isGroup: z.boolean().nullish(),
  })
  .passthrough();

/** channelData.{tenant,team,channel}.id, which the tenant guard and the security channel read. */
const idHolder = z
  .object({ id: z.string().max(1024).nullish() })
  .passthrough()
  .nullish();

/**
 * An entity; a mention also carries what the SDK's mention removal reads (its `text`, the
 * mentioned account's `id`), which would throw on another type.
 */
const entity = z
  .object({ type: z.string().max(256).nullish() })
  .passthrough()
  .superRefine((value, ctx) => {
    if (value.type !== 'mention') return;
    const { text: mentionText, mentioned } = value as { text?: unknown; mentioned?: { id?: unknown } };
    if (typeof mentionText !== 'string' || mentionText.length > 4096)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['text'], message: 'a mention needs its text' });
    if (typeof mentioned?.id !== 'string' || mentioned.id.length > 1024)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['mentioned', 'id'],
        message: 'a mention needs the mentioned id',
      });
  });

/**
 * Every field of an activity that the SDK serialises or our handlers read, typed as Bot
 * Framework's schema says; any other field passes through untouched. What fails this is a
 * 400 naming the field, before the SDK touches it: the SDK's serialiser throws on a
 * wrongly typed field (a 500 with its message), and a non-array `entities` breaks mention
 * removal. Real Teams payloads (test/fixtures/activities) all pass.
 */
export const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: wireId.nullish(),
    channelId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w.-]+$/, 'must be a channel name such as msteams'),
    serviceUrl,
    from: account,
    recipient: account,
    conversation,
    replyToId: wireId.nullish(),
    locale: text(64),
    text: text(256 * 1024),
    name: text(256),
    action: text(64),
    deliveryMode: text(32),
    timestamp: dateTime,
    localTimestamp: dateTime,
    expiration: dateTime,
    membersAdded: z.array(account).max(1000).nullish(),
    membersRemoved: z.array(account).max(1000).nullish(),
    entities: z.array(entity).max(100).nullish(),
    attachments: z
      .array(z.object({ contentType: z.string().max(256) }).passthrough())
      .max(100)
      .nullish(),
    channelData: z.object({ tenant: idHolder, team: idHolder, channel: idHolder }).passthrough().nullish(),
  })
  .passthrough();
