import { hostname } from 'node:os';
import { SCHEMA_VERSION, type HelpdeskEvent, type Severity } from '../schema';

/** Syslog facility 13, "log audit": where SIEM collectors expect security audit records. */
export const SYSLOG_FACILITY = 13;

const SYSLOG_SEVERITY: Record<Severity, number> = { Informational: 6, Low: 5, Medium: 4, High: 3 };
/** CEF severity 0-10: Low 0-3, Medium 4-6, High 7-8, Very-High 9-10. */
const CEF_SEVERITY: Record<Severity, number> = { Informational: 1, Low: 3, Medium: 5, High: 8 };

/** CEF header fields: backslash and pipe are escaped; a newline is not allowed, so it becomes a space. */
export const escapeCefHeader = (value: string): string =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');

/** CEF extension values: backslash and equals sign are escaped, line breaks written as \n and \r. */
export const escapeCefValue = (value: string): string =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/=/g, '\\=')
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');

/** "FirstContactDetected" -> "First contact detected" */
const readableName = (eventType: string): string =>
  eventType.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

/**
 * The event as one CEF:0 record. Standard keys where CEF has them (rt, externalId,
 * duser, duid, suser, cat), custom string fields with labels for the rest.
 */
export const formatCef = (event: HelpdeskEvent): string => {
  const header = [
    'CEF:0',
    'Helpdesk Guard',
    'Helpdesk Guard',
    SCHEMA_VERSION,
    event.EventType,
    readableName(event.EventType),
    String(CEF_SEVERITY[event.Severity]),
  ].map((field, i) => (i === 0 ? field : escapeCefHeader(field)));
  const pairs: Array<[string, string | null]> = [
    ['rt', String(Date.parse(event.TimeGenerated))],
    ['externalId', event.EventId],
    ['cat', event.Source],
    ['duid', event.VictimAccountObjectId],
    ['duser', event.VictimUPN],
    ['suser', event.SenderUPN],
    ['cs1Label', 'ChatThreadId'],
    ['cs1', event.ChatThreadId],
    ['cs2Label', 'SenderDisplayName'],
    ['cs2', event.SenderDisplayName],
    ['cs3Label', 'SenderTenantId'],
    ['cs3', event.SenderTenantId],
    ['cs4Label', 'TenantId'],
    ['cs4', event.TenantId],
    ['cs5Label', 'SchemaVersion'],
    ['cs5', event.SchemaVersion],
    ['cs6Label', 'Details'],
    ['cs6', JSON.stringify(event.Details)],
  ];
  const extension = pairs
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([key, value]) => `${key}=${escapeCefValue(value)}`)
    .join(' ');
  return `${header.join('|')}|${extension}`;
};

/** RFC 5424 HOSTNAME: printable US-ASCII without spaces, at most 255 characters. */
const syslogHostname = (name: string): string => name.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';

/** One RFC 5424 message carrying the CEF record (MSGID = EventType, no structured data). */
export const formatSyslogMessage = (
  event: HelpdeskEvent,
  origin: { host?: string; procId?: number } = {},
): string => {
  const pri = SYSLOG_FACILITY * 8 + SYSLOG_SEVERITY[event.Severity];
  const host = syslogHostname(origin.host ?? hostname());
  const msgId = event.EventType.slice(0, 32);
  return `<${pri}>1 ${event.TimeGenerated} ${host} helpdesk-guard ${origin.procId ?? process.pid} ${msgId} - ${formatCef(event)}`;
};

/** RFC 6587 octet counting: "<byte length> <message>", so a message may hold any byte. */
export const frameOctetCounted = (message: string): string =>
  `${Buffer.byteLength(message, 'utf8')} ${message}`;
