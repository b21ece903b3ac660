import { Template } from 'adaptivecards-templating';
import type { SecurityReportView } from '../src/reports/security-view';
import type { AdaptiveCardJson } from './adaptive-card';
import { reportSecurityCardData } from './report-security-data';
import template from './report-security.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

export { reportSecurityCardData, type ReportSecurityCardData } from './report-security-data';

/**
 * The security channel card of one report: sender, reporters (unchecked ones marked), thread ID, first seen,
 * warnings and verification attempts, the campaign, a hunting query, and while open the
 * triage actions (verbs in report-verbs.ts, data `{ reportId }`); once triaged, the
 * decision with who and when, and no actions. Post it once per report and update it in
 * place (ReportRecord.securityCardActivityId).
 */
export const reportSecurityCard = (view: SecurityReportView): AdaptiveCardJson =>
  compiled.expand({ $root: reportSecurityCardData(view) }) as AdaptiveCardJson;
