import type { EventPublisher } from '../events/event-publisher';
import { normId } from '../reports/first-contact-log';
import {
  minutesAfterWarning,
  type RemoteToolAlertRecord,
  type RemoteToolAlerts,
  type RemoteToolAnswer,
} from './remote-tool-alerts';

export interface AnswerRemoteToolInput {
  tenantId: string;
  /** The tapping user (the activity's from.aadObjectId), never the card's data. */
  userId: string;
  /** From the card's data: untrusted until the store has it for this user. */
  alertId: string | undefined;
  answer: RemoteToolAnswer;
}

/**
 * `answer` is the answer that stands (the first one); `recorded` is true only for the tap
 * that recorded it.
 */
export type AnswerRemoteToolResult =
  | { ok: true; alert: RemoteToolAlertRecord; answer: RemoteToolAnswer; recorded: boolean }
  | { ok: false; reason: 'not_found' };

/** What an alert ID looks like (a UUID, or any short opaque token); anything else is not looked up. */
const ALERT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The user's answer to a remote-tool alert. Only the user the alert is about may answer
 * (another user's alert is as unknown as a forged ID); the first answer stands, and only
 * it emits RemoteToolAnswered: High for "I did not start this", Medium for "myself".
 */
export const answerRemoteToolAlert = async (
  deps: { alerts: Pick<RemoteToolAlerts, 'get' | 'recordAnswer'>; events: EventPublisher },
  input: AnswerRemoteToolInput,
): Promise<AnswerRemoteToolResult> => {
  const { alertId } = input;
  if (alertId === undefined || !ALERT_ID.test(alertId)) return { ok: false, reason: 'not_found' };
  const found = await deps.alerts.get(alertId);
  if (
    found === undefined ||
    found.tenantId !== normId(input.tenantId) ||
    found.user.aadObjectId !== normId(input.userId)
  )
    return { ok: false, reason: 'not_found' };
  const result = await deps.alerts.recordAnswer(alertId, input.answer, input.userId);
  if (result === undefined) return { ok: false, reason: 'not_found' };
  const { alert } = result;
  if (result.recorded && alert.answer) {
    await deps.events.emit({
      EventType: 'RemoteToolAnswered',
      Severity: input.answer === 'not_me' ? 'High' : 'Medium',
      Source: 'bot',
      ChatThreadId: alert.chatThreadId,
      VictimAccountObjectId: alert.user.aadObjectId,
      VictimUPN: alert.user.upn,
      SenderUPN: alert.sender.upn,
      SenderDisplayName: alert.sender.displayName,
      SenderTenantId: alert.sender.tenantId,
      Details: {
        alertId: alert.alertId,
        answer: alert.answer.answer,
        answeredAt: new Date(alert.answer.at).toISOString(),
        tool: alert.tool,
        processName: alert.processName,
        deviceId: alert.device.id,
        deviceName: alert.device.name,
        startedAt: new Date(alert.startedAt).toISOString(),
        warnedAt: new Date(alert.warnedAt).toISOString(),
        minutesAfterWarning: minutesAfterWarning(alert),
      },
    });
  }
  // A tap that lost a race to one still writing its answer: show what this user tapped.
  return { ok: true, alert, answer: alert.answer?.answer ?? input.answer, recorded: result.recorded };
};
