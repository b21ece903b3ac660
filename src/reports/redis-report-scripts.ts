/** Lua scripts and hash parsing of RedisReportStore. */
import type { ContactSender } from './first-contact-log';
import type { Reporter, ReportRecord, ReportStatus, TriageDecision, Triager } from './report-store';

// Each script runs atomically in Redis: no other command lands between its check and its write.

/**
 * KEYS: report hash, reporters hash, ID index of the new report. ARGV: ttl ms, index
 * value, reporter ID, reporter JSON, sender JSON or '', first seen or '', campaign ID or
 * '', '1' when this reporter is checked else '0', then the new report's field/value
 * pairs. Returns [created, added, checkedNow]: a checked repeat marks a listed reporter
 * that is not checked (false, or stored without the flag) as checked; nothing else of
 * theirs changes.
 */
export const ADD_REPORTER = `
local created = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 9))
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[1])
  created = 1
end
if ARGV[5] ~= '' then redis.call('HSETNX', KEYS[1], 'sender', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSETNX', KEYS[1], 'firstSeen', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSETNX', KEYS[1], 'campaignId', ARGV[7]) end
local added = redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4])
local checkedNow = 0
if added == 0 and ARGV[8] == '1' then
  local stored = cjson.decode(redis.call('HGET', KEYS[2], ARGV[3]))
  if stored.checked ~= true then
    -- Numbers go back as the client wrote them: cjson keeps 14 significant digits, epoch ms have 13.
    stored.checked = true
    redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(stored))
    checkedNow = 1
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return {created, added, checkedNow}`;

/** KEYS: report hash. ARGV: status, then the triage field/value pairs. 0 missing, 2 already triaged. */
export const TRIAGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return 2 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], unpack(ARGV, 2))
return 1`;

/** KEYS: report hash. ARGV: field, value, and the field that must exist first (or ''). */
export const SET_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[3]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** A report from its hash and its reporters hash; undefined for a missing report. */
export const toReport = (
  hash: Record<string, string>,
  reporters: Record<string, string>,
): ReportRecord | undefined => {
  if (hash.reportId === undefined) return undefined;
  const report: ReportRecord = {
    reportId: hash.reportId,
    tenantId: hash.tenantId,
    chatThreadId: hash.chatThreadId,
    createdAt: Number(hash.createdAt),
    reporters: Object.values(reporters)
      .map((json) => JSON.parse(json) as Reporter)
      .sort((a, b) => a.at - b.at || a.aadObjectId.localeCompare(b.aadObjectId)),
    status: hash.status as ReportStatus,
  };
  if (hash.sender !== undefined) report.sender = JSON.parse(hash.sender) as ContactSender;
  if (hash.firstSeen !== undefined) report.firstSeen = Number(hash.firstSeen);
  if (hash.campaignId !== undefined) report.campaignId = hash.campaignId;
  if (hash.securityCardActivityId !== undefined) report.securityCardActivityId = hash.securityCardActivityId;
  if (hash.triageDecision !== undefined) {
    report.triage = {
      by: JSON.parse(hash.triageBy) as Triager,
      at: Number(hash.triageAt),
      decision: hash.triageDecision as TriageDecision,
      ...(hash.triageRemovedForUser === undefined
        ? {}
        : { removedForUser: hash.triageRemovedForUser === '1' }),
    };
  }
  return report;
};
