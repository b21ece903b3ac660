import { normId, type ContactSender } from '../reports/first-contact-log';
import type { KeyValueStore } from '../store/ports';

/**
 * Remote-tool alerts: Defender saw a remote-support tool (Quick Assist, AnyDesk,
 * TeamViewer...) start on a user's device within 30 minutes of a warning about an external
 * "helpdesk" chat. The user is asked whether they started it; the first answer stands.
 */

/** "I did not start this" or "I started this myself". */
export const REMOTE_TOOL_ANSWERS = ['not_me', 'myself'] as const;
export type RemoteToolAnswer = (typeof REMOTE_TOOL_ANSWERS)[number];

/** What the alert knows when it is raised; never changes afterwards. */
export interface RemoteToolAlert {
  /** Unique (a UUID); the card's data carries it, the store is the truth. */
  alertId: string;
  /** The home tenant. */
  tenantId: string;
  /** The user whose device ran the tool, who was warned about the chat. */
  user: { aadObjectId: string; upn: string | null; displayName: string | null };
  /** Defender's DeviceId and DeviceName. */
  device: { id: string; name: string };
  /** As a person names it: "Quick Assist". */
  tool: string;
  /** As Defender saw it: "QuickAssist.exe". */
  processName: string;
  /** When the tool started, ms since the epoch. */
  startedAt: number;
  /** When the warning about the chat reached the user, ms since the epoch. */
  warnedAt: number;
  chatThreadId: string;
  sender: ContactSender;
  createdAt: number;
}

/** The user's answer as recorded: which, by whom (Entra object ID), when (ms). */
export interface RemoteToolAnswerRecord {
  answer: RemoteToolAnswer;
  by: string;
  at: number;
}

/** An alert with what happened to it since. */
export interface RemoteToolAlertRecord extends RemoteToolAlert {
  answer?: RemoteToolAnswerRecord;
  /** The security channel's card of this alert, once posted (updated in place after that). */
  securityCardActivityId?: string;
}

/** `recorded` is false when an earlier answer stands; `alert.answer` is that answer. */
export interface RecordAnswerResult {
  recorded: boolean;
  alert: RemoteToolAlertRecord;
}

/** Where alerts live. */
export interface RemoteToolAlerts {
  add(alert: RemoteToolAlert): Promise<void>;
  get(alertId: string): Promise<RemoteToolAlertRecord | undefined>;
  /** Records the first answer only; undefined when there is no such alert. */
  recordAnswer(
    alertId: string,
    answer: RemoteToolAnswer,
    by: string,
  ): Promise<RecordAnswerResult | undefined>;
  setSecurityCardActivityId(alertId: string, activityId: string): Promise<void>;
  /** The user's latest alert, for the typed answers (`not me`, `it was me`). */
  latestFor(tenantId: string, userId: string): Promise<string | undefined>;
}

/** As long as a report: the security team may come back to an alert for weeks. */
export const REMOTE_TOOL_ALERT_TTL_MS = 30 * 24 * 3_600_000;

const key = (alertId: string, part?: 'answer' | 'answer-claims' | 'security-card'): string =>
  `remote-tool-alert:${alertId}${part ? `:${part}` : ''}`;
const latestKey = (tenantId: string, userId: string): string =>
  `remote-tool-alert-latest:${normId(tenantId)}:${normId(userId)}`;

/**
 * Alerts over the KeyValueStore port, so the memory kv (one process) and the Redis kv
 * (any number of replicas) both serve. The facts, the answer and the card's activity ID
 * sit under separate keys, so the notification worker storing the activity ID can never
 * overwrite an answer recorded meanwhile. The first answer wins through an atomic
 * increment: two taps at once, on two replicas, record and report one answer.
 */
export const createKeyValueRemoteToolAlerts = (
  kv: KeyValueStore,
  now: () => number = Date.now,
): RemoteToolAlerts => {
  /** The alert's remaining life: every key of an alert expires with it. */
  const ttlOf = (alert: RemoteToolAlert): number =>
    Math.max(1, alert.createdAt + REMOTE_TOOL_ALERT_TTL_MS - now());

  const get = async (alertId: string): Promise<RemoteToolAlertRecord | undefined> => {
    const [alert, answer, securityCardActivityId] = await Promise.all([
      kv.get<RemoteToolAlert>(key(alertId)),
      kv.get<RemoteToolAnswerRecord>(key(alertId, 'answer')),
      kv.get<string>(key(alertId, 'security-card')),
    ]);
    if (alert === undefined) return undefined;
    return {
      ...alert,
      ...(answer === undefined ? {} : { answer }),
      ...(securityCardActivityId === undefined ? {} : { securityCardActivityId }),
    };
  };

  return {
    add: async (alert) => {
      const stored: RemoteToolAlert = {
        ...alert,
        tenantId: normId(alert.tenantId),
        user: { ...alert.user, aadObjectId: normId(alert.user.aadObjectId) },
      };
      await kv.set(key(alert.alertId), stored, ttlOf(stored));
      await kv.set(latestKey(stored.tenantId, stored.user.aadObjectId), alert.alertId, ttlOf(stored));
    },
    latestFor: (tenantId, userId) => kv.get<string>(latestKey(tenantId, userId)),
    get,
    recordAnswer: async (alertId, answer, by) => {
      const alert = await get(alertId);
      if (alert === undefined) return undefined;
      if (alert.answer !== undefined) return { recorded: false, alert };
      const claims = await kv.increment(key(alertId, 'answer-claims'), ttlOf(alert));
      // Another tap got here first; its answer may still be on its way to the store.
      if (claims > 1) return { recorded: false, alert: (await get(alertId)) ?? alert };
      const record: RemoteToolAnswerRecord = { answer, by: normId(by), at: now() };
      try {
        await kv.set(key(alertId, 'answer'), record, ttlOf(alert));
      } catch (err) {
        // Free the claim so the user's next tap can record the answer; the tap still fails.
        await kv.delete(key(alertId, 'answer-claims'));
        throw err;
      }
      return { recorded: true, alert: { ...alert, answer: record } };
    },
    setSecurityCardActivityId: async (alertId, activityId) => {
      const alert = await kv.get<RemoteToolAlert>(key(alertId));
      if (alert !== undefined) await kv.set(key(alertId, 'security-card'), activityId, ttlOf(alert));
    },
  };
};

/** Whole minutes from the warning to the tool's start (0 if the clocks disagree). */
export const minutesAfterWarning = (alert: Pick<RemoteToolAlert, 'startedAt' | 'warnedAt'>): number =>
  Math.max(0, Math.round((alert.startedAt - alert.warnedAt) / 60_000));
