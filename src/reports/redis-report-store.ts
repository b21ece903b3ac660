import { taggedPrefix } from '../store/keys';
import type { RedisConnection } from '../store/redis';
import { normId } from './first-contact-log';
import { ADD_REPORTER, SET_IF_EXISTS, toReport, TRIAGE } from './redis-report-scripts';
import {
  REPORT_RETENTION_MS,
  statusOf,
  type AddReporterInput,
  type AddReporterResult,
  type Reporter,
  type ReportRecord,
  type ReportStore,
  type TriageRecord,
  type TriageStoreResult,
} from './report-store';

/**
 * Every report key shares one hash tag, `{reports}`: adding a reporter writes the report,
 * its reporters and its ID index in one script, and the ID index is found by the report ID
 * alone, so no narrower tag (the tenant, the chat) would put the three on one slot.
 * Reports are few (a user's tap each), so one slot holds them easily.
 */
export const REPORT_KEY_PREFIX = taggedPrefix('reports');

/**
 * Reports in Redis, shared by every replica. A report lives under its chat:
 * `hg:{reports}:chat:<tenant>:<thread>` (a hash) with its reporters in
 * `hg:{reports}:chat:<tenant>:<thread>:reporters` (a hash by object ID, so HSETNX makes a
 * reporter count once), and `hg:{reports}:id:<reportId>` holds the chat's key. Every
 * write keeps the report for another retention period.
 */
export class RedisReportStore implements ReportStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly retentionMs = REPORT_RETENTION_MS,
  ) {}

  private chatKey(tenantId: string, chatThreadId: string): string {
    return `${REPORT_KEY_PREFIX}chat:${normId(tenantId)}:${chatThreadId}`;
  }

  private idKey(reportId: string): string {
    return `${REPORT_KEY_PREFIX}id:${reportId}`;
  }

  /** The report hash key of a report ID, or undefined when the ID is unknown. */
  private async chatKeyOf(reportId: string): Promise<string | undefined> {
    return (await this.redis.get(this.idKey(reportId))) ?? undefined;
  }

  /** Reads a report; with `touch`, also keeps all its keys for another retention period. */
  private async read(chatKey: string, touch = false): Promise<ReportRecord | undefined> {
    const multi = this.redis.multi(chatKey).hGetAll(chatKey).hGetAll(`${chatKey}:reporters`);
    const [hash, reporters] = (await multi.exec()) as unknown as Array<Record<string, string>>;
    const report = toReport(hash, reporters);
    if (report && touch) {
      await this.redis
        .multi(chatKey)
        .pExpire(chatKey, this.retentionMs)
        .pExpire(`${chatKey}:reporters`, this.retentionMs)
        .pExpire(this.idKey(report.reportId), this.retentionMs)
        .exec();
    }
    return report;
  }

  async addReporter(input: AddReporterInput): Promise<AddReporterResult> {
    const chatKey = this.chatKey(input.tenantId, input.chatThreadId);
    const reporter: Reporter = { ...input.reporter, aadObjectId: normId(input.reporter.aadObjectId) };
    const fields = {
      reportId: input.newReportId,
      tenantId: normId(input.tenantId),
      chatThreadId: input.chatThreadId,
      createdAt: String(reporter.at),
      status: 'open',
    };
    const reply = (await this.redis.eval(ADD_REPORTER, {
      keys: [chatKey, `${chatKey}:reporters`, this.idKey(input.newReportId)],
      arguments: [
        String(this.retentionMs),
        chatKey,
        reporter.aadObjectId,
        JSON.stringify(reporter),
        input.sender === undefined ? '' : JSON.stringify(input.sender),
        input.firstSeen === undefined ? '' : String(input.firstSeen),
        input.campaignId ?? '',
        reporter.checked === true ? '1' : '0',
        ...Object.entries(fields).flat(),
      ],
    })) as [number, number, number];
    const report = await this.read(chatKey, true);
    if (!report) throw new Error(`report of ${input.chatThreadId} vanished right after it was written`);
    return { report, created: reply[0] === 1, added: reply[1] === 1, checkedNow: reply[2] === 1 };
  }

  async get(reportId: string): Promise<ReportRecord | undefined> {
    const chatKey = await this.chatKeyOf(reportId);
    return chatKey === undefined ? undefined : this.read(chatKey);
  }

  async findByThread(tenantId: string, chatThreadId: string): Promise<ReportRecord | undefined> {
    return this.read(this.chatKey(tenantId, chatThreadId));
  }

  async triage(reportId: string, triage: TriageRecord): Promise<TriageStoreResult> {
    const chatKey = await this.chatKeyOf(reportId);
    if (chatKey === undefined) return { ok: false, reason: 'not_found' };
    const fields = {
      triageBy: JSON.stringify({ aadObjectId: triage.by.aadObjectId, name: triage.by.name }),
      triageAt: String(triage.at),
      triageDecision: triage.decision,
      ...(triage.removedForUser === undefined
        ? {}
        : { triageRemovedForUser: triage.removedForUser ? '1' : '0' }),
    };
    const reply = await this.redis.eval(TRIAGE, {
      keys: [chatKey],
      arguments: [statusOf(triage.decision), ...Object.entries(fields).flat()],
    });
    const report = await this.read(chatKey, reply === 1);
    if (reply === 0 || !report) return { ok: false, reason: 'not_found' };
    return reply === 1 ? { ok: true, report } : { ok: false, reason: 'already_triaged', report };
  }

  private async setField(
    reportId: string,
    field: string,
    value: string,
    requires = '',
  ): Promise<ReportRecord | undefined> {
    const chatKey = await this.chatKeyOf(reportId);
    if (chatKey === undefined) return undefined;
    const reply = await this.redis.eval(SET_IF_EXISTS, {
      keys: [chatKey],
      arguments: [field, value, requires],
    });
    return this.read(chatKey, reply === 1);
  }

  async recordRemoval(reportId: string, removedForUser: boolean): Promise<ReportRecord | undefined> {
    return this.setField(reportId, 'triageRemovedForUser', removedForUser ? '1' : '0', 'triageDecision');
  }

  async setSecurityCardActivityId(reportId: string, activityId: string): Promise<ReportRecord | undefined> {
    return this.setField(reportId, 'securityCardActivityId', activityId);
  }
}
