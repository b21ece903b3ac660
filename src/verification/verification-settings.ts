/** Limits and lifetimes of verification, with the values the issue asks for. */
export interface VerificationSettings {
  /** How long a staff-issued code can be checked. */
  codeValidityMs: number;
  /** How long a challenge-back code can be confirmed. */
  challengeValidityMs: number;
  /** How long records stay after they stop being valid, to answer "expired" rather than "wrong". */
  retentionMs: number;
  /** Failed checks allowed per user within `failureWindowMs` before checks are refused. */
  maxFailures: number;
  failureWindowMs: number;
}

export const DEFAULT_VERIFICATION_SETTINGS: Readonly<VerificationSettings> = Object.freeze({
  codeValidityMs: 10 * 60_000,
  challengeValidityMs: 10 * 60_000,
  retentionMs: 60 * 60_000,
  maxFailures: 5,
  failureWindowMs: 15 * 60_000,
});

/** Whole minutes, rounded down: "issued 0 minutes ago" reads as "just now" in cards. */
export const minutesBetween = (from: number, to: number): number =>
  Math.max(0, Math.floor((to - from) / 60_000));

/** Whole minutes, rounded up: a wait of 30 s is "1 minute", never "0 minutes". */
export const minutesUntil = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));
