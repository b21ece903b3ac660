import type { FirstContactEntry } from './first-contact-log';
import type { ReportDeps } from './report-deps';
import type { Reporter } from './report-store';

/** How a reporter's report was checked: their own first-contact entry, or Graph's member list. */
export type CheckedBy = 'first-contact' | 'graph';

/**
 * The longest a typed report waits for Graph's member list before answering with the
 * reporter unchecked: the user is waiting for the confirmation, and Graph's own retries
 * (429, 503) can take far longer.
 */
export const MEMBERSHIP_CHECK_BUDGET_MS = 3_000;

/**
 * Whether a reporter's report counts as checked: they are known to be in the chat. Stored
 * with each reporter; a reporter stored before the flag existed counts as checked only
 * while the chat is in their own first-contact log (`contact`), which is how such a
 * report came to be made by card tap. Unchecked reporters hear nothing about the triage.
 */
export const isCheckedReporter = (reporter: Reporter, contact: FirstContactEntry | undefined): boolean =>
  reporter.checked ?? contact !== undefined;

/**
 * Checks a reporter whose first-contact log does not have the chat against Graph's member
 * list, within MEMBERSHIP_CHECK_BUDGET_MS. Any failure, or no answer in time, leaves the
 * report unchecked and is logged; it never fails the report.
 */
export const checkMembership = async (
  deps: Pick<ReportDeps, 'chatMembers' | 'log'>,
  input: { tenantId: string; chatThreadId: string; reporterObjectId: string },
  budgetMs = MEMBERSHIP_CHECK_BUDGET_MS,
): Promise<boolean> => {
  const members = deps.chatMembers;
  if (members === undefined) return false;
  const context = { ...input, source: 'graph' };
  // Never rejects: a failure after the budget ran out is still logged, not left unhandled.
  const answer = members.isMember(input.tenantId, input.chatThreadId, input.reporterObjectId).catch((err) => {
    deps.log.warn({ err, ...context }, 'chat membership check failed: reporter unchecked');
    return false;
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const outcome = await Promise.race([answer, late]);
    if (outcome === 'late') {
      deps.log.warn({ ...context, budgetMs }, 'chat membership check too slow: reporter unchecked');
      return false;
    }
    return outcome;
  } finally {
    clearTimeout(timer);
  }
};
