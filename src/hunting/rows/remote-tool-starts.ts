/**
 * remote-tools.kql rows (DeviceProcessEvents: Quick Assist and its kind starting) and the one
 * decision about them: did the bot warn this user about an external chat just before? Then the
 * start is the step a fake helpdesk takes next, and it is escalated.
 */
import type { ContactSender, FirstContactLog } from '../../reports/first-contact-log';
import { guid, type HuntingRow, ignoreSkips, type OnRowSkip, text, time, upn } from './row-values';

/** A remote-support tool starting on a user's device, as Defender saw it. */
export interface RemoteToolStart {
  /** InitiatingProcessAccountObjectId, lower case: the user who ran the process that started it. */
  userObjectId: string;
  userUpn: string | null;
  deviceName: string;
  deviceId: string;
  /** The process name as Defender has it: "QuickAssist.exe". */
  tool: string;
  commandLine: string;
  /** ms since the epoch. */
  startedAt: number;
}

/** A warning "at most 30 minutes before" the start counts (DESIGN.md: warned in the last 30 minutes). */
export const REMOTE_TOOL_WINDOW_MS = 30 * 60_000;

/**
 * How much older than the window a contact may have been observed and still have its warning
 * in it: recent() looks contacts up by when they were observed, and a warning can follow its
 * contact after retries.
 */
const OBSERVED_BEFORE_WARNING_MS = 24 * 3_600_000;

const startOf = (row: unknown): RemoteToolStart | string => {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return 'row_invalid';
  const values = row as HuntingRow;
  const startedAt = time(values.Timestamp);
  if (startedAt === undefined) return 'timestamp_invalid';
  const userObjectId = guid(values.InitiatingProcessAccountObjectId);
  // SYSTEM and local accounts have none: no Entra user to have been warned.
  if (!userObjectId) return 'user_object_id_missing';
  const tool = text(values.FileName);
  if (!tool) return 'file_name_missing';
  const deviceName = text(values.DeviceName) ?? '';
  const deviceId = text(values.DeviceId) ?? '';
  if (!deviceName && !deviceId) return 'device_missing';
  return {
    userObjectId,
    userUpn: upn(values.InitiatingProcessAccountUpn) ?? null,
    deviceName,
    deviceId,
    tool,
    commandLine: typeof values.ProcessCommandLine === 'string' ? values.ProcessCommandLine : '',
    startedAt,
  };
};

/** The same start seen twice (overlapping windows, a retried window) has the same key. */
export const remoteToolStartKey = (start: RemoteToolStart): string =>
  `remote-tool:${(start.deviceId || start.deviceName).toLowerCase()}:${start.userObjectId}:${start.tool.toLowerCase()}:${start.startedAt}`;

/**
 * The tool starts in one remote-tools answer, each once (by remoteToolStartKey), in the
 * answer's order. Rows without a time, a user object ID, a file name or a device are skipped
 * and reported to `onSkip`, never thrown.
 */
export const remoteToolStarts = (
  rows: readonly unknown[],
  onSkip: OnRowSkip = ignoreSkips,
): RemoteToolStart[] => {
  const starts = new Map<string, RemoteToolStart>();
  rows.forEach((row, index) => {
    const start = startOf(row);
    if (typeof start === 'string') onSkip({ index, reason: start });
    else if (!starts.has(remoteToolStartKey(start))) starts.set(remoteToolStartKey(start), start);
  });
  return [...starts.values()];
};

/** The first contact a tool start follows: the chat, who opened it, and when the warning reached the user. */
export interface WarnedContact {
  chatThreadId: string;
  sender: ContactSender;
  /** When the delivered warning came (ms since the epoch). */
  warnedAt: number;
  /** When the contact was observed (ms since the epoch). */
  observedAt: number;
  campaignId?: string;
}

/**
 * The first contact whose delivered warning reached the user at most `windowMs` before the tool
 * started (and not after it), the latest such warning if several; undefined when there is none.
 * An undelivered warning does not count: the user never saw it.
 */
export const warnedBefore = async (
  start: Pick<RemoteToolStart, 'userObjectId' | 'startedAt'>,
  firstContacts: Pick<FirstContactLog, 'recent'>,
  tenantId: string,
  windowMs: number = REMOTE_TOOL_WINDOW_MS,
): Promise<WarnedContact | undefined> => {
  const since = start.startedAt - windowMs - OBSERVED_BEFORE_WARNING_MS;
  const entries = await firstContacts.recent(tenantId, start.userObjectId, since);
  let found: WarnedContact | undefined;
  for (const entry of entries) {
    for (const warning of entry.warnings) {
      const before = start.startedAt - warning.at;
      if (!warning.delivered || before < 0 || before > windowMs) continue;
      if (found && found.warnedAt >= warning.at) continue;
      found = {
        chatThreadId: entry.chatThreadId,
        sender: entry.sender,
        warnedAt: warning.at,
        observedAt: entry.observedAt,
        ...(entry.campaignId ? { campaignId: entry.campaignId } : {}),
      };
    }
  }
  return found;
};
