/**
 * How a listed sender changes a first contact's verdict. Pure: the worker passes what the
 * lists hold for the sender's keys, and gets the verdict to act on.
 */
import type { Reason, Verdict } from '../detection';
import { message } from '../i18n/translations';
import type { SenderListEntry } from './sender-list-entry';

/** A blocked sender, tenant or domain: first on the warning card. */
export const REPORTED_BY_SECURITY_TEAM = 'reported_by_security_team';
/** An allowed sender, tenant or domain: recorded, not warned. */
export const ALLOWED_BY_SECURITY_TEAM = 'allowed_by_security_team';

const SPECIFICITY: Record<SenderListEntry['kind'], number> = { sender: 0, tenant: 1, domain: 2 };

/**
 * The entry that decides, of those listed for one sender: a block on any of its keys wins
 * over an allow on any other (an allowed sender of a tenant later reported as an attack is
 * warned again: failing safe), and of several, the most specific (sender, then tenant,
 * then domain) is the one named.
 */
export const decidingEntry = (entries: readonly SenderListEntry[]): SenderListEntry | undefined => {
  const bySpecificity = [...entries].sort((a, b) => SPECIFICITY[a.kind] - SPECIFICITY[b.kind]);
  return bySpecificity.find((entry) => entry.list === 'block') ?? bySpecificity[0];
};

/** The reason a listed entry gives, in the words the warning card shows. */
export const listReason = (entry: SenderListEntry): Reason =>
  entry.list === 'block'
    ? {
        code: REPORTED_BY_SECURITY_TEAM,
        message:
          entry.kind === 'sender'
            ? 'Your security team reported this sender as an attack.'
            : "Your security team reported this sender's organisation as an attack.",
        text: message(
          entry.kind === 'sender' ? 'warning.reasons.reportedSender' : 'warning.reasons.reportedOrganisation',
        ),
      }
    : {
        code: ALLOWED_BY_SECURITY_TEAM,
        message:
          entry.kind === 'sender'
            ? 'Your security team checked this sender and found them safe.'
            : "Your security team checked this sender's organisation and found it safe.",
        text: message(
          entry.kind === 'sender' ? 'warning.reasons.allowedSender' : 'warning.reasons.allowedOrganisation',
        ),
      };

/**
 * The verdict after the lists: blocked warns with the list's reason first (before context
 * reasons and the name's); allowed does not warn, with the list's reason first and the
 * name's after it, for the record; unlisted is the verdict as it was.
 */
export const applyListEntry = (verdict: Verdict, entry: SenderListEntry | undefined): Verdict =>
  entry === undefined
    ? verdict
    : {
        ...verdict,
        verdict: entry.list === 'block' ? 'warn' : 'none',
        reasons: [listReason(entry), ...verdict.reasons],
      };
