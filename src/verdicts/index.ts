/**
 * The sender verdict lists: the security team's block and allow decisions about senders,
 * tenants and domains, learnt from triage or typed, consulted on every first contact.
 */
export {
  CONSUMER_TENANT_ID,
  lookupKeys,
  organisationKeys,
  parseListValue,
  sharedDomainReason,
  type HomeOrganisation,
  type ParsedListValue,
  type SenderOrigin,
} from './list-value';
export {
  learnFromTriage,
  TRIAGE_ALLOW_TTL_MS,
  triageEntries,
  type BenignScope,
  type LessonOutcome,
  type TriageLesson,
} from './learn-from-triage';
export {
  DAYS_REFUSAL,
  listUsage,
  MAX_LIST_DAYS,
  MAX_REASON_LENGTH,
  parseDays,
  parseListCommand,
  type ListCommand,
} from './list-command';
export {
  entryName,
  keyFromCard,
  manageLists,
  type AddByHandInput,
  type ListAnswer,
  type ListRefusal,
  type ListUser,
  type ManageLists,
  type ManageListsDeps,
} from './manage-lists';
export { MemorySenderListStore } from './memory-sender-list-store';
export { RedisSenderListStore } from './redis-sender-list-store';
export {
  listLabel,
  SENDER_LIST_CAPACITY,
  SENDER_LIST_KINDS,
  SENDER_LIST_NAMES,
  type ListActor,
  type SenderListEntry,
  type SenderListKey,
  type SenderListKind,
  type SenderListName,
} from './sender-list-entry';
export { listChangedEvent, listedDetails, SENDER_LISTS_SOURCE, type ListChange } from './sender-list-events';
export type { ListedEntries, PutEntryResult, SenderListStore } from './sender-list-store';
export {
  ALLOWED_BY_SECURITY_TEAM,
  applyListEntry,
  decidingEntry,
  listReason,
  REPORTED_BY_SECURITY_TEAM,
} from './sender-list-verdict';
export {
  createSenderLists,
  LIST_PAGE,
  type AddEntryInput,
  type AddEntryResult,
  type SenderLists,
  type SenderListsDeps,
} from './sender-lists';
