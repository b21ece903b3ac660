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

interface Stored {
  entry: FirstContactEntry;
  expiresAt: number;
}

/**
 * The first-contact log in memory. Serves ONE process only: entries are lost on restart
 * and not shared between replicas (set REDIS_URL for that). Every check-and-set runs
 * without an await in between, so on Node's single thread it is atomic.
 */
export class MemoryFirstContactLog implements FirstContactLog {
  private readonly entries = new Map<string, Stored>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly retentionMs = FIRST_CONTACT_RETENTION_MS,
  ) {}

  private key(tenantId: string, recipientId: string, chatThreadId: string): string {
    return `${normId(tenantId)}\n${normId(recipientId)}\n${chatThreadId}`;
  }

  private live(key: string): FirstContactEntry | undefined {
    const stored = this.entries.get(key);
    if (stored && stored.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return stored?.entry;
  }

  private liveEntries(): FirstContactEntry[] {
    return [...this.entries.keys()].flatMap((key) => this.live(key) ?? []);
  }

  async record(input: FirstContactInput): Promise<boolean> {
    const key = this.key(input.tenantId, input.recipientId, input.chatThreadId);
    const existing = this.live(key);
    if (existing) {
      if (existing.campaignId === undefined && input.campaignId !== undefined)
        existing.campaignId = input.campaignId;
      if (input.verdict === 'warn') existing.verdict = 'warn';
      return false;
    }
    const entry: FirstContactEntry = {
      ...structuredClone(input),
      tenantId: normId(input.tenantId),
      recipientId: normId(input.recipientId),
      warnings: [],
      verificationAttempts: [],
    };
    this.entries.set(key, { entry, expiresAt: this.now() + this.retentionMs });
    return true;
  }

  async get(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
  ): Promise<FirstContactEntry | undefined> {
    const entry = this.live(this.key(tenantId, recipientId, chatThreadId));
    // A copy, so callers never mutate stored state (as with Redis).
    return entry && structuredClone(entry);
  }

  async recent(tenantId: string, recipientId: string, sinceMs: number): Promise<FirstContactEntry[]> {
    const tenant = normId(tenantId);
    const recipient = normId(recipientId);
    return this.liveEntries()
      .filter((e) => e.tenantId === tenant && e.recipientId === recipient && e.observedAt >= sinceMs)
      .sort((a, b) => b.observedAt - a.observedAt)
      .slice(0, RECENT_LIMIT)
      .map((e) => structuredClone(e));
  }

  async recordWarning(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    warning: WarningRecord,
  ): Promise<boolean> {
    const entry = this.live(this.key(tenantId, recipientId, chatThreadId));
    entry?.warnings.push({ ...warning });
    return entry !== undefined;
  }

  async recordVerificationAttempt(
    tenantId: string,
    recipientId: string,
    chatThreadId: string,
    attempt: VerificationAttemptRecord,
  ): Promise<boolean> {
    const entry = this.live(this.key(tenantId, recipientId, chatThreadId));
    entry?.verificationAttempts.push({ ...attempt });
    return entry !== undefined;
  }

  async bySender(tenantId: string, sender: ContactSender, sinceMs: number): Promise<SenderContact[]> {
    const tenant = normId(tenantId);
    const wanted = new Set(senderIndexKeys(sender));
    if (wanted.size === 0) return [];
    return this.liveEntries()
      .filter(
        (e) =>
          e.tenantId === tenant &&
          e.observedAt >= sinceMs &&
          senderIndexKeys(e.sender).some((key) => wanted.has(key)),
      )
      .sort((a, b) => b.observedAt - a.observedAt)
      .slice(0, SENDER_CONTACTS_LIMIT)
      .map((e) => ({
        recipientId: e.recipientId,
        ...(e.recipientUpn === undefined ? {} : { recipientUpn: e.recipientUpn }),
        chatThreadId: e.chatThreadId,
        observedAt: e.observedAt,
      }));
  }
}
