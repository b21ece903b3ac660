import { taggedPrefix } from '../store/keys';
import type { RedisConnection } from '../store/redis';
import {
  FIRST_CONTACT_RETENTION_MS,
  normId,
  RECENT_LIMIT,
  SENDER_CONTACTS_LIMIT,
  senderIndexKeys,
  type ContactSender,
  type FirstContactEntry,
  type FirstContactInput,
  type FirstContactLog,
  type SenderContact,
  type VerificationAttemptRecord,
  type WarningRecord,
} from './first-contact-log';
import { APPEND, RECORD, toEntry } from './redis-first-contact-scripts';

/** A member of a sender index: deterministic JSON, so the same contact is one member in every index. */
type SenderMember = [recipientId: string, chatThreadId: string, recipientUpn: string | null];

/**
 * A tenant's first-contact keys share one hash tag, `{fc:<tenant>}`: recording writes the
 * entry and every index in one script, and reading a user's or a sender's contacts is one
 * transaction over several keys.
 */
export const firstContactKeyPrefix = (tenantId: string): string => taggedPrefix(`fc:${normId(tenantId)}`);

/**
 * The first-contact log in Redis, shared by every replica: a hash per entry under
 * `hg:{fc:<tenant>}:entry:<recipient>:<thread>`, a sorted set per user under
 * `hg:{fc:<tenant>}:user:<recipient>` (thread IDs scored by observation time) and sorted
 * sets per sender UPN and sender tenant under `hg:{fc:<tenant>}:sender:<upn|tenant>:<id>`.
 * Everything expires after the retention (30 days) and indexes are trimmed on write.
 */
export class RedisFirstContactLog implements FirstContactLog {
  constructor(
    private readonly redis: RedisConnection,
    private readonly now: () => number = Date.now,
    private readonly retentionMs = FIRST_CONTACT_RETENTION_MS,
  ) {}

  private entryKey(tenantId: string, recipientId: string, chatThreadId: string): string {
    return `${firstContactKeyPrefix(tenantId)}entry:${normId(recipientId)}:${chatThreadId}`;
  }

  private userKey(tenantId: string, recipientId: string): string {
    return `${firstContactKeyPrefix(tenantId)}user:${normId(recipientId)}`;
  }

  private senderKey(tenantId: string, indexKey: string): string {
    return `${firstContactKeyPrefix(tenantId)}sender:${indexKey}`;
  }

  async record(input: FirstContactInput): Promise<boolean> {
    const tenantId = normId(input.tenantId);
    const recipientId = normId(input.recipientId);
    const fields: Record<string, string> = {
      tenantId,
      recipientId,
      chatThreadId: input.chatThreadId,
      sender: JSON.stringify(input.sender),
      observedAt: String(input.observedAt),
      verdict: input.verdict,
      score: String(input.score),
      reasons: JSON.stringify(input.reasons),
      ...(input.recipientUpn === undefined ? {} : { recipientUpn: input.recipientUpn }),
      ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
    };
    const member: SenderMember = [recipientId, input.chatThreadId, input.recipientUpn ?? null];
    const reply = await this.redis.eval(RECORD, {
      keys: [
        this.entryKey(tenantId, recipientId, input.chatThreadId),
        this.userKey(tenantId, recipientId),
        ...senderIndexKeys(input.sender).map((key) => this.senderKey(tenantId, key)),
      ],
      arguments: [
        String(this.retentionMs),
        String(input.observedAt),
        String(this.now() - this.retentionMs),
        input.chatThreadId,
        JSON.stringify(member),
        input.campaignId ?? '',
        input.verdict,
        ...Object.entries(fields).flat(),
      ],
    });
    return reply === 1;
  }

  async get(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
  ): Promise<FirstContactEntry | undefined> {
    return toEntry(await this.redis.hGetAll(this.entryKey(tenantId, recipientId, chatThreadId)));
  }

  async recent(tenantId: string, recipientId: string, sinceMs: number): Promise<FirstContactEntry[]> {
    const threads = await this.redis.zRange(this.userKey(tenantId, recipientId), '+inf', sinceMs, {
      BY: 'SCORE',
      REV: true,
      LIMIT: { offset: 0, count: RECENT_LIMIT },
    });
    if (threads.length === 0) return [];
    const multi = this.redis.multi(this.userKey(tenantId, recipientId));
    for (const thread of threads) multi.hGetAll(this.entryKey(tenantId, recipientId, thread));
    const hashes = (await multi.exec()) as unknown as Array<Record<string, string>>;
    // An entry can expire before its index member is trimmed; it is simply gone.
    return hashes.flatMap((hash) => toEntry(hash) ?? []);
  }

  private async append(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    list: 'warning' | 'attempt',
    item: object,
  ): Promise<boolean> {
    const reply = await this.redis.eval(APPEND, {
      keys: [this.entryKey(tenantId, recipientId, chatThreadId)],
      arguments: [list, JSON.stringify(item)],
    });
    return reply === 1;
  }

  async recordWarning(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    warning: WarningRecord,
  ): Promise<boolean> {
    return this.append(tenantId, recipientId, chatThreadId, 'warning', {
      at: warning.at,
      delivered: warning.delivered,
    });
  }

  async recordVerificationAttempt(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    attempt: VerificationAttemptRecord,
  ): Promise<boolean> {
    return this.append(tenantId, recipientId, chatThreadId, 'attempt', {
      at: attempt.at,
      outcome: attempt.outcome,
    });
  }

  async bySender(tenantId: string, sender: ContactSender, sinceMs: number): Promise<SenderContact[]> {
    const keys = senderIndexKeys(sender).map((key) => this.senderKey(tenantId, key));
    if (keys.length === 0) return [];
    const multi = this.redis.multi(keys[0]);
    for (const key of keys) {
      multi.zRangeWithScores(key, '+inf', sinceMs, {
        BY: 'SCORE',
        REV: true,
        LIMIT: { offset: 0, count: SENDER_CONTACTS_LIMIT },
      });
    }
    const replies = (await multi.exec()) as unknown as Array<Array<{ value: string; score: number }>>;
    const newest = new Map<string, number>();
    for (const { value, score } of replies.flat())
      newest.set(value, Math.max(score, newest.get(value) ?? score));
    return [...newest]
      .sort(([, a], [, b]) => b - a)
      .slice(0, SENDER_CONTACTS_LIMIT)
      .map(([value, observedAt]) => {
        const [recipientId, chatThreadId, recipientUpn] = JSON.parse(value) as SenderMember;
        return { recipientId, ...(recipientUpn === null ? {} : { recipientUpn }), chatThreadId, observedAt };
      });
  }
}
