import type { ChallengeRecord, CodeRecord, Confirmer, VerificationStore } from './verification-store';

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const SWEEP_EVERY = 256;

/** A map whose entries vanish after their TTL, read against an injectable clock. */
class ExpiringMap<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private writes = 0;

  constructor(private readonly now: () => number) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry?.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: T, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // Entries nobody reads again would stay forever; sweep now and then instead of a timer.
    this.writes += 1;
    if (this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/**
 * Verification records in memory. Serves ONE process only: records are lost on restart
 * and not shared between replicas (set REDIS_URL for that). Every check-and-set below runs
 * without an await in between, so on Node's single thread it is atomic.
 */
export class MemoryVerificationStore implements VerificationStore {
  private readonly codes: ExpiringMap<CodeRecord>;
  private readonly owners: ExpiringMap<string>;
  private readonly challenges: ExpiringMap<ChallengeRecord>;

  constructor(now: () => number = Date.now) {
    this.codes = new ExpiringMap(now);
    this.owners = new ExpiringMap(now);
    this.challenges = new ExpiringMap(now);
  }

  async saveCode(record: CodeRecord, ownerDigest: string, ttlMs: number): Promise<boolean> {
    if (this.owners.has(ownerDigest) || this.codes.has(record.digest)) return false;
    this.owners.set(ownerDigest, record.userObjectId, ttlMs);
    this.codes.set(record.digest, { ...record }, ttlMs);
    return true;
  }

  async findCode(userDigest: string): Promise<CodeRecord | undefined> {
    const record = this.codes.get(userDigest);
    // A copy, so callers never mutate stored state (as with Redis).
    return record && { ...record };
  }

  async findCodeOwner(ownerDigest: string): Promise<string | undefined> {
    return this.owners.get(ownerDigest);
  }

  async spendCode(userDigest: string, at: number): Promise<boolean> {
    const record = this.codes.get(userDigest);
    if (!record || record.spentAt !== undefined) return false;
    record.spentAt = at;
    return true;
  }

  async saveChallenge(record: ChallengeRecord, ttlMs: number): Promise<boolean> {
    if (this.challenges.has(record.digest)) return false;
    this.challenges.set(record.digest, { ...record }, ttlMs);
    return true;
  }

  async findChallenge(digest: string): Promise<ChallengeRecord | undefined> {
    const record = this.challenges.get(digest);
    return record && { ...record };
  }

  async confirmChallenge(digest: string, confirmer: Confirmer, at: number): Promise<boolean> {
    const record = this.challenges.get(digest);
    if (!record || record.confirmedAt !== undefined) return false;
    record.confirmedAt = at;
    record.confirmerObjectId = confirmer.aadObjectId;
    record.confirmerName = confirmer.name;
    return true;
  }
}
