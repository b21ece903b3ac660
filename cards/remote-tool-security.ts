import { Template } from 'adaptivecards-templating';
import { minutesAfterWarning, type RemoteToolAlertRecord } from '../src/hunting/remote-tool-alerts';
import type { TextSection, Translator } from '../src/i18n/translations';
import { kqlStringLiteral } from '../src/reports/hunting-query';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './remote-tool-security.json';
import { cardDateTime, plainText } from './report-format';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** The template's data: every string already formatted, so the template only places it. */
export interface RemoteToolSecurityCardData {
  /** The fact titles and headings in the security team's language (warning.remoteToolSecurity.card). */
  t: TextSection;
  alertId: string;
  title: string;
  statusText: string;
  statusStyle: 'attention' | 'warning';
  userName: string;
  userUpn: string;
  userObjectId: string;
  deviceName: string;
  deviceId: string;
  toolText: string;
  startedAt: string;
  afterWarningText: string;
  chatThreadId: string;
  senderName: string;
  senderUpn: string;
  senderTenant: string;
  answerText: string;
  /** Empty unless the answer needs a second look. */
  cautionText: string;
  nextText: string;
  huntingQuery: string;
}

/** RFC 3339 in UTC without fractions, as a KQL datetime() literal takes it. */
const kqlDateTime = (ms: number): string =>
  `datetime(${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')})`;

/**
 * What else ran on the device from a little before the tool started: the payloads
 * (side-loaded binaries, scripts, WinRM, Rclone) follow within hours of the session.
 */
export const deviceHuntingQuery = (alert: Pick<RemoteToolAlertRecord, 'device' | 'startedAt'>): string =>
  [
    `let deviceId = ${kqlStringLiteral(alert.device.id)};`,
    `let started = ${kqlDateTime(alert.startedAt)};`,
    'DeviceProcessEvents',
    '| where Timestamp between ((started - 10m) .. (started + 4h)) and DeviceId == deviceId',
    '| project Timestamp, FileName, ProcessCommandLine, InitiatingProcessFileName, AccountUpn, SHA1',
    '| order by Timestamp asc',
  ].join('\n');

const status = (
  t: Translator,
  alert: RemoteToolAlertRecord,
): Pick<RemoteToolSecurityCardData, 'statusText' | 'statusStyle' | 'answerText'> => {
  const answer = alert.answer;
  if (answer === undefined)
    return {
      statusText: t.t('warning.remoteToolSecurity.statusWaiting'),
      statusStyle: 'attention',
      answerText: t.t('warning.remoteToolSecurity.answerNone'),
    };
  if (answer.answer === 'not_me')
    return {
      statusText: t.t('warning.remoteToolSecurity.statusNotMe'),
      statusStyle: 'attention',
      answerText: t.t('warning.remoteToolSecurity.answerNotMe', { at: cardDateTime(answer.at) }),
    };
  return {
    statusText: t.t('warning.remoteToolSecurity.statusMyself'),
    statusStyle: 'warning',
    answerText: t.t('warning.remoteToolSecurity.answerMyself', { at: cardDateTime(answer.at) }),
  };
};

/** The user as the card and its summary name them. */
export const remoteToolUserName = (alert: Pick<RemoteToolAlertRecord, 'user'>): string =>
  plainText(alert.user.displayName ?? alert.user.upn ?? alert.user.aadObjectId);

/** Formats a stored alert for the security card, in the security team's language (`t`). */
export const remoteToolSecurityCardData = (
  t: Translator,
  alert: RemoteToolAlertRecord,
): RemoteToolSecurityCardData => {
  const userName = remoteToolUserName(alert);
  const minutes = minutesAfterWarning(alert);
  const myself = alert.answer?.answer === 'myself';
  const unknown = t.t('warning.remoteToolSecurity.unknown');
  return {
    t: t.section('warning.remoteToolSecurity.card'),
    alertId: alert.alertId,
    title: t.t('warning.remoteToolSecurity.title', { tool: alert.tool, user: userName }),
    ...status(t, alert),
    userName,
    userUpn: plainText(alert.user.upn ?? unknown),
    userObjectId: alert.user.aadObjectId,
    deviceName: plainText(alert.device.name),
    deviceId: alert.device.id,
    toolText: `${alert.tool} (${alert.processName})`,
    startedAt: cardDateTime(alert.startedAt),
    afterWarningText: t.t('warning.remoteToolSecurity.afterWarning', {
      after:
        minutes < 1
          ? t.t('warning.remoteToolSecurity.underMinute')
          : t.t('warning.remoteToolSecurity.minutes', { count: minutes }),
      at: cardDateTime(alert.warnedAt),
    }),
    chatThreadId: alert.chatThreadId,
    senderName: plainText(alert.sender.displayName),
    senderUpn: plainText(alert.sender.upn ?? unknown),
    senderTenant: alert.sender.tenantId ?? unknown,
    cautionText: myself ? t.t('warning.remoteToolSecurity.caution') : '',
    nextText: myself
      ? t.t('warning.remoteToolSecurity.nextMyself')
      : t.t('warning.remoteToolSecurity.nextNotMe'),
    huntingQuery: deviceHuntingQuery(alert),
  };
};

/**
 * The security channel's card of one remote-tool alert: user, device, tool, time, minutes
 * after the warning, the chat and its sender, and the user's answer once given ("did not
 * start it" marks it urgent). No actions. Post it once per alert and update it in place
 * (RemoteToolAlertRecord.securityCardActivityId). `t`: the security team's language
 * (profile.securityTeamLanguage).
 */
export const remoteToolSecurityCard = (t: Translator, alert: RemoteToolAlertRecord): AdaptiveCardJson =>
  compiled.expand({ $root: remoteToolSecurityCardData(t, alert) }) as AdaptiveCardJson;
