import { normId } from './first-contact-log';
import type { ReportDeps } from './report-deps';
import type { RecentContact } from './report-results';

export interface RecentContactsInput {
  tenantId: string;
  user: { aadObjectId: string };
  /** How far back to look; 14 days when not set. */
  days?: number;
}

/** The look-back of the typed `report` command. */
export const RECENT_CONTACT_DAYS = 14;

/**
 * The typed `report` answer: the user's first contacts from other tenants in the last
 * `days`, newest first (at most RECENT_LIMIT), each saying whether the user reported it.
 * A contact whose sender tenant is unknown counts as external: signals only carry
 * contacts from outside.
 */
export const recentContacts =
  (deps: Pick<ReportDeps, 'firstContacts' | 'reports' | 'clock'>) =>
  async (input: RecentContactsInput): Promise<RecentContact[]> => {
    const days = input.days ?? RECENT_CONTACT_DAYS;
    const since = deps.clock() - days * 24 * 60 * 60_000;
    const home = normId(input.tenantId);
    const userId = normId(input.user.aadObjectId);
    const entries = (await deps.firstContacts.recent(input.tenantId, userId, since)).filter(
      (entry) => entry.sender.tenantId === null || normId(entry.sender.tenantId) !== home,
    );
    const reports = await Promise.all(
      entries.map((entry) => deps.reports.findByThread(input.tenantId, entry.chatThreadId)),
    );
    return entries.map((entry, i) => ({
      chatThreadId: entry.chatThreadId,
      sender: entry.sender,
      observedAt: entry.observedAt,
      verdict: entry.verdict,
      reportedByUser: reports[i]?.reporters.some((reporter) => reporter.aadObjectId === userId) ?? false,
    }));
  };
