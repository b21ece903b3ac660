import { randomUUID } from 'node:crypto';
import type { WindowCounter } from '../store/ports';

/** Where a user (or staff member) stands against the failure limit. */
export type LockoutStatus = { locked: false } | { locked: true; retryAfterMs: number };

/** What recording one failure did. */
export interface FailureRecorded {
  /** Failures within the window, this one included. */
  failures: number;
  /** True for the one failure that reached the limit: the moment to raise the alarm. */
  lockedNow: boolean;
  /** Checks left before the lockout; 0 once locked. */
  attemptsLeft: number;
}

/** Counts failures in a sliding window and refuses once `maxFailures` is reached. */
export interface Lockout {
  status(key: string, now: number): Promise<LockoutStatus>;
  recordFailure(key: string, now: number): Promise<FailureRecorded>;
}

// Members carry their own time so the moment the lockout lifts can be computed.
const member = (at: number): string => `${at}:${randomUUID()}`;
const memberTime = (value: string): number => Number(value.slice(0, value.indexOf(':')));

/**
 * A lockout over a WindowCounter (memory or Redis). Each failure is a distinct member, so
 * simultaneous failures on several replicas are all counted.
 */
export const createLockout = (options: {
  windows: WindowCounter;
  maxFailures: number;
  windowMs: number;
}): Lockout => {
  const { windows, maxFailures, windowMs } = options;
  return {
    status: async (key, now) => {
      const times = (await windows.members(key, windowMs, now)).map(memberTime).sort((a, b) => a - b);
      if (times.length < maxFailures) return { locked: false };
      // The lock lifts when enough failures have left the window to fall under the limit.
      const lifting = times[times.length - maxFailures];
      return { locked: true, retryAfterMs: Math.max(0, lifting + windowMs - now) };
    },
    recordFailure: async (key, now) => {
      const failures = await windows.add(key, member(now), windowMs, now);
      return {
        failures,
        lockedNow: failures === maxFailures,
        attemptsLeft: Math.max(0, maxFailures - failures),
      };
    },
  };
};
