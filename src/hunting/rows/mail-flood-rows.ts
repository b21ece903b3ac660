/**
 * mail-flood.kql rows (inbound mail per recipient in 15-minute bins) and the decision: is this
 * mailbox being flooded? A flood of sign-up mail often comes minutes before a fake helpdesk
 * offers to "fix the spam", so the user is pre-warned.
 */
import { HelpdeskGuardError } from '../../errors';
import { guid, type HuntingRow, ignoreSkips, number, type OnRowSkip, time, upn } from './row-values';

/** One mailbox flooded in one answer. */
export interface MailFlood {
  /** Lower case. */
  recipientObjectId: string;
  recipientUpn: string | null;
  /** Inbound messages in the flooded bins, together. */
  messages: number;
  /** Start of the first flooded bin and end of the last (ms since the epoch). */
  windowStart: number;
  windowEnd: number;
  /** Defender itself named some of the mail "Mail bombing". */
  defenderDetected: boolean;
}

/** What counts as a flood. */
export interface MailFloodOptions {
  /** Messages in one bin from which a mailbox is flooded; the threshold the query was loaded with. */
  threshold: number;
  /** How many times its usual volume a bin must also be (UsualMessages); 5 by default. */
  baselineFactor?: number;
  /** Told of every row left out and why; nothing by default. */
  onSkip?: OnRowSkip;
}

/** A bin five times a mailbox's usual volume (and over the threshold) is a flood, not a busy hour. */
export const DEFAULT_BASELINE_FACTOR = 5;

interface FloodBin extends MailFlood {
  count: boolean;
}

const binOf = (row: unknown, threshold: number, factor: number): FloodBin | string => {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return 'row_invalid';
  const values = row as HuntingRow;
  const recipientObjectId = guid(values.RecipientObjectId);
  if (!recipientObjectId) return 'recipient_object_id_invalid';
  const windowStart = time(values.WindowStart);
  const windowEnd = time(values.WindowEnd);
  if (windowStart === undefined || windowEnd === undefined || windowEnd < windowStart)
    return 'window_invalid';
  const messages = number(values.Messages);
  if (messages === undefined || messages < 0) return 'messages_invalid';
  const mailBombing = number(values.MailBombingMessages) ?? 0;
  // No baseline (a new mailbox, or none in the 7 days before): the threshold alone decides.
  const usual = Math.max(0, number(values.UsualMessages) ?? 0);
  return {
    recipientObjectId,
    recipientUpn: upn(values.RecipientEmailAddress) ?? null,
    messages,
    windowStart,
    windowEnd,
    defenderDetected: mailBombing > 0,
    count: messages >= threshold && messages >= factor * usual,
  };
};

const checkedNumber = (value: number, name: string, min: number): number => {
  if (!Number.isFinite(value) || value < min) {
    throw new HelpdeskGuardError(
      'config_invalid',
      `mail flood ${name} ${value} is invalid; set it to ${min} or more`,
    );
  }
  return value;
};

/**
 * The flooded mailboxes in one mail-flood answer, one entry per recipient (its flooded bins
 * merged): a bin is flooded when its count reaches `threshold` and `baselineFactor` times the
 * mailbox's usual volume, or when Defender named its mail "Mail bombing". Malformed rows are
 * skipped and reported to `onSkip`, never thrown; a threshold below 1 is a config_invalid error.
 */
export const mailFloods = (rows: readonly unknown[], options: MailFloodOptions): MailFlood[] => {
  const threshold = checkedNumber(options.threshold, 'threshold', 1);
  const factor = checkedNumber(options.baselineFactor ?? DEFAULT_BASELINE_FACTOR, 'baseline factor', 0);
  const onSkip = options.onSkip ?? ignoreSkips;
  const floods = new Map<string, MailFlood>();
  rows.forEach((row, index) => {
    const bin = binOf(row, threshold, factor);
    if (typeof bin === 'string') {
      onSkip({ index, reason: bin });
      return;
    }
    if (!bin.count && !bin.defenderDetected) return;
    const { count: _count, ...flood } = bin;
    const known = floods.get(flood.recipientObjectId);
    floods.set(
      flood.recipientObjectId,
      known
        ? {
            recipientObjectId: known.recipientObjectId,
            recipientUpn: known.recipientUpn ?? flood.recipientUpn,
            messages: known.messages + flood.messages,
            windowStart: Math.min(known.windowStart, flood.windowStart),
            windowEnd: Math.max(known.windowEnd, flood.windowEnd),
            defenderDetected: known.defenderDetected || flood.defenderDetected,
          }
        : flood,
    );
  });
  return [...floods.values()];
};
