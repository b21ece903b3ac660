/**
 * The triage hook: the security team's verdict on a report goes on the sender lists, so
 * later first contacts learn from it.
 */
import type { Logger } from '../log/logger';
import type { ContactSender } from '../reports/first-contact-log';
import type { TriageDecision } from '../reports/report-store';
import { lookupKeys, organisationKeys } from './list-value';
import type { ListActor, SenderListKey } from './sender-list-entry';
import type { AddEntryInput, AddEntryResult, SenderLists } from './sender-lists';

/** How far a benign verdict reaches: the sender only, or (the analyst's choice) their tenant and domain too. */
export type BenignScope = 'sender' | 'organisation';

/** An allow learnt from a triage lapses after this long: an account found safe today may be taken over later. */
export const TRIAGE_ALLOW_TTL_MS = 180 * 24 * 60 * 60_000;

export interface TriageLesson {
  /** The report triaged, or the campaign (its ID) when a campaign's card was triaged. */
  reportId: string;
  /** How the entry's reason names what was triaged; `Report <reportId>` by default. */
  subject?: string;
  /** The home tenant (the report's): never listed. */
  homeTenantId: string;
  /** Undefined for a chat reported by link that the bot never saw: nothing to learn. */
  sender?: ContactSender;
  campaignId?: string;
  decision: TriageDecision;
  benignScope?: BenignScope;
  by: ListActor;
}

const DECISION_WORDS: Record<TriageDecision, string> = {
  malicious: 'malicious',
  benign: 'benign',
  remove: 'malicious (chat removed)',
};

/**
 * What one triage puts on the lists. Malicious (or removed): block the sender's UPN, its
 * tenant and its domain, with the report's campaign. Benign: allow the UPN, and with
 * `organisation` the tenant and domain too. Organisation keys that name no one
 * organisation (the consumer tenant, a shared mail domain, the home tenant) are left out.
 */
export const triageEntries = (lesson: TriageLesson): AddEntryInput[] => {
  const sender = lesson.sender;
  if (!sender) return [];
  const blocking = lesson.decision !== 'benign';
  const own = lookupKeys(sender).filter((key) => key.kind === 'sender');
  const keys: SenderListKey[] =
    blocking || lesson.benignScope === 'organisation'
      ? [...own, ...organisationKeys(sender, lesson.homeTenantId)]
      : own;
  return keys.map((key) => ({
    list: blocking ? 'block' : 'allow',
    key,
    reason: `${lesson.subject ?? `Report ${lesson.reportId}`} triaged ${DECISION_WORDS[lesson.decision]} by ${lesson.by.name}`,
    by: lesson.by,
    reportId: lesson.reportId,
    ...(blocking ? {} : { ttlMs: TRIAGE_ALLOW_TTL_MS }),
    ...(blocking && lesson.campaignId ? { campaignId: lesson.campaignId } : {}),
  }));
};

/** The outcome of each entry of a lesson, in the order of triageEntries. */
export type LessonOutcome = { input: AddEntryInput; result: PromiseSettledResult<AddEntryResult> };

/**
 * Puts a triage's entries on the lists, each tried on its own. The decision is stored
 * already, so an entry that could not be added is logged with how to add it by hand, not
 * thrown: a retry of the triage would only find it triaged. Returns each outcome.
 */
export const learnFromTriage = async (
  deps: { lists: Pick<SenderLists, 'add'>; log: Pick<Logger, 'error'> },
  lesson: TriageLesson,
): Promise<LessonOutcome[]> => {
  const inputs = triageEntries(lesson);
  const results = await Promise.allSettled(inputs.map((input) => deps.lists.add(input)));
  const outcomes = inputs.map((input, i) => ({ input, result: results[i] }));
  for (const { input, result } of outcomes) {
    const failure =
      result.status === 'rejected' ? result.reason : result.value.ok ? undefined : result.value.message;
    if (failure === undefined) continue;
    deps.log.error(
      {
        err: failure,
        reportId: lesson.reportId,
        list: input.list,
        kind: input.key.kind,
        value: input.key.value,
      },
      `sender list not updated by the triage: add it with "${input.list}list add ${input.key.value}"`,
    );
  }
  return outcomes;
};
