/**
 * Storage of verification codes. Codes themselves are never stored: records live under
 * HMAC digests of the code (see digests.ts). Every record expires on its own (TTL), and
 * records are kept past their validity so "expired" and "used" can be told from "wrong".
 */

/** A code a staff member issued for one user. Times are ms since the epoch. */
export interface CodeRecord {
  /** The digest the record is stored under, checked again in constant time on read. */
  digest: string;
  tenantId: string;
  userObjectId: string;
  issuerObjectId: string;
  issuerName: string;
  issuedAt: number;
  expiresAt: number;
  /** Set once, by the one check that spent the code. */
  spentAt?: number;
}

/** A code a user asked for, to read out to a caller who claims to be the helpdesk. */
export interface ChallengeRecord {
  digest: string;
  tenantId: string;
  userObjectId: string;
  userUpn?: string;
  chatThreadId?: string;
  issuedAt: number;
  expiresAt: number;
  /** Set once, by the one staff member who confirmed the code. */
  confirmedAt?: number;
  confirmerObjectId?: string;
  confirmerName?: string;
}

/** Who confirmed a challenge. */
export interface Confirmer {
  aadObjectId: string;
  name: string;
}

/**
 * The verification store port. Memory serves one process; Redis serves any number of
 * replicas. Both pass test/integration/verification/verification-store.contract.test.ts.
 */
export interface VerificationStore {
  /**
   * Saves an issued code under `record.digest` and records its owner under `ownerDigest`,
   * both for `ttlMs`. Writes nothing and returns false when `ownerDigest` is taken (the same
   * code is already out for someone in the tenant); the caller draws another code.
   */
  saveCode(record: CodeRecord, ownerDigest: string, ttlMs: number): Promise<boolean>;
  findCode(userDigest: string): Promise<CodeRecord | undefined>;
  /** The object ID of the user a code was issued to, found by its owner digest. */
  findCodeOwner(ownerDigest: string): Promise<string | undefined>;
  /**
   * Marks a code spent at `at`. Atomic: of any number of simultaneous calls, exactly one
   * returns true; a missing or already spent record returns false.
   */
  spendCode(userDigest: string, at: number): Promise<boolean>;
  /** Saves a challenge for `ttlMs`; false (nothing written) when its digest is taken. */
  saveChallenge(record: ChallengeRecord, ttlMs: number): Promise<boolean>;
  findChallenge(digest: string): Promise<ChallengeRecord | undefined>;
  /** Marks a challenge confirmed; atomic like spendCode (exactly one caller gets true). */
  confirmChallenge(digest: string, confirmer: Confirmer, at: number): Promise<boolean>;
}
