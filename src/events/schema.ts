import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Bumped when a field changes meaning or disappears; adding a field keeps the version. */
export const SCHEMA_VERSION = '1.0';

export const EVENT_TYPES = [
  'FirstContactDetected',
  'WarningDelivered',
  'WarningFailed',
  'UserAcknowledged',
  'ChatReported',
  'ReportTriaged',
  'VerificationCodeIssued',
  'VerificationSucceeded',
  'VerificationFailed',
  'VerificationLockedOut',
  'ChallengeIssued',
  'ChallengeConfirmed',
  'RemoteToolAfterWarning',
  // The user's answer to a remote-tool alert; Details: alertId, answer ('not_me' | 'myself'),
  // tool, processName, deviceId, deviceName, startedAt, warnedAt, minutesAfterWarning.
  'RemoteToolAnswered',
  // A flood of sign-up and newsletter mail, the usual prelude to a fake helpdesk call;
  // Details: the flood's counts and window.
  'MailBombingDetected',
  'ActivityRefused',
  // A sender list entry added, removed or expired (src/verdicts); Details: action
  // ('added' | 'removed' | 'expired'), list ('block' | 'allow'), kind ('sender' | 'tenant' |
  // 'domain'), value, reason, byObjectId, byName (null for an expiry), addedByObjectId,
  // addedByName, addedAt, expiresAt, reportId, campaignId, and replacedBy when an entry on
  // the other list took its place.
  'SenderListChanged',
  'GraphNotificationsMissed',
  // One sender or tenant reached CAMPAIGN_MIN_USERS users (src/campaigns); Details: campaignId,
  // usersReached, domains, chatThreadIds, targetObjectIds, firstContactAt.
  'CampaignDetected',
  // A campaign changed; Details: campaignId, change ('target_added' | 'rewarned' |
  // 'chats_removed'), and for an analyst's action analystObjectId, analystName and counts.
  'CampaignUpdated',
  // The security team's decision on a campaign; Details: campaignId, decision
  // ('malicious' | 'benign'), analystObjectId, analystName, usersReached, reportIds.
  'CampaignTriaged',
  // An attacker's chat removed for one targeted user through Graph (removeAllAccessForUser,
  // on the analyst's behalf); Details: campaignId, analystObjectId, analystName.
  'ChatAccessRemoved',
  // A user answered the last question of the quiz (src/education/quiz.ts), once per attempt;
  // VictimAccountObjectId is the user. Details: quizId, attemptId, questions, correct,
  // scorePercent (0..100), durationSeconds, locale (BCP 47 or null); counts only, no wording.
  'TrainingCompleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * One Helpdesk Guard event, the same fields in every sink. Names follow Defender XDR
 * so hunting queries can join on ChatThreadId (MessageEvents.ThreadId,
 * CloudAppEvents RawEventData.ChatThreadId).
 */
export const helpdeskEventSchema = z.object({
  EventId: z.string().uuid(),
  EventType: z.enum(EVENT_TYPES),
  TimeGenerated: z.string().datetime({ offset: true }),
  SchemaVersion: z.literal(SCHEMA_VERSION),
  TenantId: z.string(),
  ChatThreadId: z.string().nullable(),
  VictimAccountObjectId: z.string().nullable(),
  VictimUPN: z.string().nullable(),
  SenderUPN: z.string().nullable(),
  SenderDisplayName: z.string().nullable(),
  SenderTenantId: z.string().nullable(),
  Severity: z.enum(SEVERITIES),
  Source: z.string(),
  Details: z.record(z.string(), z.unknown()),
});
export type HelpdeskEvent = z.infer<typeof helpdeskEventSchema>;

/** What a caller of emit() supplies; the rest is filled in. */
export interface EventInput {
  EventType: EventType;
  Severity: Severity;
  Source: string;
  ChatThreadId?: string | null;
  VictimAccountObjectId?: string | null;
  VictimUPN?: string | null;
  SenderUPN?: string | null;
  SenderDisplayName?: string | null;
  SenderTenantId?: string | null;
  Details?: Record<string, unknown>;
}

/**
 * The fields an event's caller supplies, checked by the schema itself. The ID, time and
 * version buildEvent makes are valid by construction: checking them again on every event
 * (a UUID pattern, and a date-time pattern zod builds anew for each check) finds nothing.
 */
const suppliedFieldsSchema = helpdeskEventSchema.omit({
  EventId: true,
  TimeGenerated: true,
  SchemaVersion: true,
});

/** Builds a complete, validated event; throws on a malformed input (a programming error). */
export const buildEvent = (input: EventInput, tenantId: string, now: Date = new Date()): HelpdeskEvent => {
  const { EventType, ...supplied } = suppliedFieldsSchema.parse({
    EventType: input.EventType,
    TenantId: tenantId,
    ChatThreadId: input.ChatThreadId ?? null,
    VictimAccountObjectId: input.VictimAccountObjectId ?? null,
    VictimUPN: input.VictimUPN ?? null,
    SenderUPN: input.SenderUPN ?? null,
    SenderDisplayName: input.SenderDisplayName ?? null,
    SenderTenantId: input.SenderTenantId ?? null,
    Severity: input.Severity,
    Source: input.Source,
    Details: input.Details ?? {},
  });
  return {
    EventId: randomUUID(),
    EventType,
    TimeGenerated: now.toISOString(),
    SchemaVersion: SCHEMA_VERSION,
    ...supplied,
  };
};
