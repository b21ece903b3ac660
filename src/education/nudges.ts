/**
 * The nudge: a user who was warned about a chat and tapped nothing on the warning within a
 * day (NUDGE_AFTER_HOURS) gets one short lesson on the very trick that chat used. Scheduled
 * when the warning is delivered, cancelled by any tap on that chat's cards, handed to the
 * notification queue when due.
 */
import type { EventPublisher } from '../events/event-publisher';
import type { EventInput } from '../events/schema';
import type { FirstContactEntry } from '../reports/first-contact-log';
import type { ScheduledJobs, UserKey } from '../store/ports';
import type { IllustrationId } from './illustrations';

/** The scheduled jobs' name in the store set. */
export const NUDGE_JOBS = 'nudges';

export interface NudgeJob {
  user: UserKey;
  chatThreadId: string;
}

/** The tricks a lesson exists for, by the reason codes of the detector (src/detection/policy/reasons.ts). */
export type Trick =
  'copied-name' | 'microsoft' | 'role-name' | 'foreign-domain' | 'urgency' | 'remote-access';

const TRICK_OF_REASON: Record<string, Trick> = {
  helpdesk_name: 'copied-name',
  typo: 'copied-name',
  org_name: 'copied-name',
  confusable_letters: 'copied-name',
  styled_letters: 'copied-name',
  mixed_script: 'copied-name',
  invisible_characters: 'copied-name',
  direction_controls: 'copied-name',
  leetspeak: 'copied-name',
  spaced_letters: 'copied-name',
  stretched_letters: 'copied-name',
  microsoft_brand: 'microsoft',
  helpdesk_role: 'role-name',
  generic_role_name: 'role-name',
  person_role: 'role-name',
  upn_role: 'role-name',
  onmicrosoft_domain: 'foreign-domain',
  tenant_name: 'foreign-domain',
  domain_name: 'foreign-domain',
  lookalike_domain: 'foreign-domain',
  org_domain_other_tenant: 'foreign-domain',
  lure_phrase: 'urgency',
};

/** The picture that shows each trick best. */
export const TRICK_PICTURE: Record<Trick, IllustrationId> = {
  'copied-name': 'display-name',
  microsoft: 'chat-headers',
  'role-name': 'display-name',
  'foreign-domain': 'chat-headers',
  urgency: 'quick-assist',
  'remote-access': 'quick-assist',
};

/**
 * The trick of a warned chat: that of its heaviest reason with a lesson (the log keeps the
 * reasons heaviest first); Quick Assist, the end of every such chat, when none has one.
 */
export const trickOf = (reasonCodes: readonly string[]): Trick => {
  for (const code of reasonCodes) {
    const trick = TRICK_OF_REASON[code];
    if (trick) return trick;
  }
  return 'remote-access';
};

/** One nudge per user and chat: a second warning about it moves the nudge, it does not add one. */
export const nudgeId = ({ user, chatThreadId }: NudgeJob): string =>
  `${user.tenantId.toLowerCase()}:${user.aadObjectId.toLowerCase()}:${chatThreadId}`;

export interface NudgeSettings {
  jobs: Pick<ScheduledJobs<NudgeJob>, 'schedule'>;
  /** 0 turns nudges off. */
  delayMs: number;
  /** The home tenant: the warned users'. */
  tenantId: string;
  now?: () => number;
}

/**
 * Wraps the event publisher: each WarningDelivered schedules that user's nudge for the chat.
 * The event is emitted first; a failure to schedule fails the emit as a store failure would.
 */
export const nudgingPublisher = (events: EventPublisher, settings: NudgeSettings): EventPublisher => {
  if (settings.delayMs <= 0) return events;
  const now = settings.now ?? Date.now;
  return {
    emit: async (input: EventInput) => {
      const emitted = await events.emit(input);
      if (input.EventType === 'WarningDelivered' && input.VictimAccountObjectId && input.ChatThreadId) {
        const job: NudgeJob = {
          user: { tenantId: settings.tenantId, aadObjectId: input.VictimAccountObjectId },
          chatThreadId: input.ChatThreadId,
        };
        await settings.jobs.schedule(nudgeId(job), now() + settings.delayMs, job);
      }
      return emitted;
    },
  };
};

/** Whether the user did anything about the chat the card could not see: a verification attempt. */
export const actedOn = (entry: Pick<FirstContactEntry, 'verificationAttempts'>): boolean =>
  entry.verificationAttempts.length > 0;

/**
 * Hands the due nudges to the notification queue, then marks them done: a crash in between
 * hands one on twice, and the notification worker sends it once (its dedupe claim).
 */
export const forwardDueNudges = async (
  jobs: Pick<ScheduledJobs<NudgeJob>, 'due' | 'done'>,
  enqueue: (id: string, job: NudgeJob) => Promise<unknown>,
  now: number,
  batch = 100,
): Promise<number> => {
  const due = await jobs.due(now, batch);
  for (const job of due) {
    await enqueue(job.id, job.body);
    await jobs.done(job.id, job.dueAt);
  }
  return due.length;
};
