import { FIRST_CONTACT_RETENTION_MS, type FirstContactEntry, type SenderContact } from './first-contact-log';
import { huntingQueryFor } from './hunting-query';
import type { ReportDeps } from './report-deps';
import type { Reporter, ReportRecord } from './report-store';
import { isCheckedReporter } from './reporter-check';

/** Everything the security channel card shows about one report. */
export interface SecurityReportView {
  report: ReportRecord;
  /**
   * Each reporter with their first-contact entry (warnings, verification attempts), where
   * the bot saw one, and whether their report was checked (isCheckedReporter): an unchecked
   * reporter typed the chat's ID and is not known to be in it.
   */
  reporters: Array<{ reporter: Reporter; contact?: FirstContactEntry; checked: boolean }>;
  /** Other users the same sender or sender tenant contacted in the last 30 days (a campaign). */
  campaignContacts: SenderContact[];
  /** A KQL query for Defender advanced hunting on this chat. */
  huntingQuery: string;
  /** "Remove chat for user" can be offered (a ChatRemover is configured). */
  canRemove: boolean;
}

/**
 * Gathers what the security card shows. Reads only: call it after answering the invoke,
 * then post or update the card (cards/report-security.ts).
 */
export const securityView =
  (deps: Pick<ReportDeps, 'reports' | 'firstContacts' | 'chatRemover' | 'clock'>) =>
  async (reportId: string): Promise<SecurityReportView | undefined> => {
    const report = await deps.reports.get(reportId);
    if (report === undefined) return undefined;
    const contacts = await Promise.all(
      report.reporters.map((reporter) =>
        deps.firstContacts.get(report.tenantId, reporter.aadObjectId, report.chatThreadId),
      ),
    );
    const since = deps.clock() - FIRST_CONTACT_RETENTION_MS;
    const bySender = report.sender
      ? await deps.firstContacts.bySender(report.tenantId, report.sender, since)
      : [];
    return {
      report,
      reporters: report.reporters.map((reporter, i) => ({
        reporter,
        ...(contacts[i] === undefined ? {} : { contact: contacts[i] }),
        checked: isCheckedReporter(reporter, contacts[i]),
      })),
      campaignContacts: bySender.filter((contact) => contact.chatThreadId !== report.chatThreadId),
      huntingQuery: huntingQueryFor(report.chatThreadId),
      canRemove: deps.chatRemover !== undefined,
    };
  };
