import type { FirstContactEntry, SenderContact } from '../src/reports/first-contact-log';
import type { Reporter, ReportRecord, TriageDecision } from '../src/reports/report-store';
import type { SecurityReportView } from '../src/reports/security-view';
import { cardDateTime, countOf, plainText } from './report-format';
import { REPORT_BENIGN_VERB, REPORT_MALICIOUS_VERB, REPORT_REMOVE_VERB } from './report-verbs';

/** Reporters named on the card; the rest are counted, so 50 reporters stay well under 28 KB. */
const MAX_NAMED_REPORTERS = 25;
/** Lines of warnings and attempts shown. */
const MAX_ACTIVITY_LINES = 20;
/** Other contacts of the campaign shown. */
const MAX_CAMPAIGN_LINES = 10;

/** The template's data: every string already formatted, so the template only places it. */
export interface ReportSecurityCardData {
  reportId: string;
  senderName: string;
  senderUpn: string;
  senderTenant: string;
  chatThreadId: string;
  firstSeen: string;
  reportersText: string;
  /** Some reporters are unchecked: show uncheckedText. */
  hasUnchecked: boolean;
  uncheckedText: string;
  statusText: string;
  statusColor: 'Attention' | 'Good' | 'Warning';
  statusStyle: 'attention' | 'good' | 'warning';
  isOpen: boolean;
  canRemove: boolean;
  activity: Array<{ text: string }>;
  campaignText: string;
  campaign: Array<{ text: string }>;
  huntingQuery: string;
  verbs: { malicious: string; benign: string; remove: string };
}

const DECISIONS: Record<TriageDecision, string> = {
  malicious: 'Confirmed malicious',
  benign: 'Benign',
  remove: 'Malicious, chat removed for the reporters',
};

const reporterLabel = (reporter: Reporter): string =>
  plainText(reporter.name ?? reporter.upn ?? reporter.aadObjectId);

/** A reporter on the card: name, and "(unchecked)" when their report was not checked. */
const reporterEntry = ({ reporter, checked }: { reporter: Reporter; checked: boolean }): string =>
  checked ? reporterLabel(reporter) : `${reporterLabel(reporter)} (unchecked)`;

const moreLine = (total: number, shown: number): string =>
  total > shown ? ` and ${total - shown} more` : '';

const status = (
  report: ReportRecord,
): Pick<ReportSecurityCardData, 'statusText' | 'statusColor' | 'statusStyle'> => {
  const triage = report.triage;
  if (triage === undefined) {
    return { statusText: 'Open: waiting for triage', statusColor: 'Warning', statusStyle: 'warning' };
  }
  const removal =
    triage.decision === 'remove' && triage.removedForUser === false
      ? ' (some removals failed; see the logs)'
      : '';
  return {
    statusText: `${DECISIONS[triage.decision]}${removal}, by ${plainText(triage.by.name)} at ${cardDateTime(triage.at)}`,
    statusColor: triage.decision === 'benign' ? 'Good' : 'Attention',
    statusStyle: triage.decision === 'benign' ? 'good' : 'attention',
  };
};

const activityOf = (reporter: Reporter, contact: FirstContactEntry): string[] => [
  ...contact.warnings.map(
    (warning) =>
      `${reporterLabel(reporter)}: warning ${warning.delivered ? 'delivered' : 'NOT delivered'} ${cardDateTime(warning.at)}`,
  ),
  ...contact.verificationAttempts.map(
    (attempt) => `${reporterLabel(reporter)}: verification ${attempt.outcome} ${cardDateTime(attempt.at)}`,
  ),
];

const campaignLine = (contact: SenderContact): string =>
  `${plainText(contact.recipientUpn ?? contact.recipientId)}, ${cardDateTime(contact.observedAt)}, chat ${contact.chatThreadId}`;

/** Formats a SecurityReportView for the security card. */
export const reportSecurityCardData = (view: SecurityReportView): ReportSecurityCardData => {
  const { report } = view;
  const reporters = view.reporters;
  const named = reporters.slice(0, MAX_NAMED_REPORTERS).map(reporterEntry).join(', ');
  const unchecked = reporters.filter((entry) => !entry.checked).length;
  const activity = view.reporters.flatMap(({ reporter, contact }) =>
    contact ? activityOf(reporter, contact) : [],
  );
  const shownActivity = activity.slice(0, MAX_ACTIVITY_LINES);
  if (activity.length > shownActivity.length)
    shownActivity.push(`and ${activity.length - shownActivity.length} more`);
  const others = view.campaignContacts;
  return {
    reportId: report.reportId,
    senderName: plainText(report.sender?.displayName ?? 'Unknown sender (reported by link)'),
    senderUpn: plainText(report.sender?.upn ?? 'unknown'),
    senderTenant: report.sender?.tenantId ?? 'unknown',
    chatThreadId: report.chatThreadId,
    firstSeen: report.firstSeen === undefined ? 'not seen by the bot' : cardDateTime(report.firstSeen),
    reportersText: `${countOf(reporters.length, 'reporter')}: ${named}${moreLine(reporters.length, MAX_NAMED_REPORTERS)}`,
    hasUnchecked: unchecked > 0,
    uncheckedText:
      unchecked === 0
        ? ''
        : `${countOf(unchecked, 'reporter')} unchecked: reported by typing the chat's ID or link, never warned ` +
          'about this chat, and not confirmed as a member by Graph. They are not told the outcome.',
    ...status(report),
    isOpen: report.status === 'open',
    canRemove: view.canRemove,
    activity: shownActivity.map((text) => ({ text })),
    campaignText:
      others.length === 0
        ? 'No other users contacted by this sender or tenant in the last 30 days.'
        : `${countOf(others.length, 'other chat')} opened by this sender or tenant in the last 30 days` +
          `${report.campaignId ? ` (campaign ${report.campaignId})` : ''}:`,
    campaign: [
      ...others.slice(0, MAX_CAMPAIGN_LINES).map((contact) => ({ text: campaignLine(contact) })),
      ...(others.length > MAX_CAMPAIGN_LINES
        ? [{ text: `and ${others.length - MAX_CAMPAIGN_LINES} more` }]
        : []),
    ],
    huntingQuery: view.huntingQuery,
    verbs: { malicious: REPORT_MALICIOUS_VERB, benign: REPORT_BENIGN_VERB, remove: REPORT_REMOVE_VERB },
  };
};
