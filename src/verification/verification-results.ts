import type { ErrorCode } from '../errors';
import { message, type Message } from '../i18n/translations';
import type { DirectoryUser } from './user-directory';

/** A refusal the handler turns into a polite reply: `message`, said in the reader's language. */
export interface Refusal<R extends string> {
  ok: false;
  reason: R;
  errorCode: ErrorCode;
  message: Message;
}

/**
 * The outcome of `issue code`. On success `code` (six digits) goes to the issuing staff
 * member only; it is named `code` so the logger's redaction blanks it if someone logs this.
 */
export type IssueCodeResult =
  | {
      ok: true;
      code: string;
      target: DirectoryUser;
      issuedAt: Date;
      expiresAt: Date;
      validMinutes: number;
    }
  | Refusal<'not_authorized' | 'target_not_found'>;

/** Why a check failed. `malformed` is not counted against the user; the rest are. */
export type CheckFailureReason = 'malformed' | 'wrong' | 'expired' | 'used' | 'other_user' | 'locked_out';

/** The outcome of a user checking a caller's code. */
export type CheckCodeResult =
  | {
      ok: true;
      issuerName: string;
      issuerObjectId: string;
      issuedAt: Date;
      issuedMinutesAgo: number;
    }
  | Refusal<'malformed'>
  | (Refusal<'wrong' | 'expired' | 'used' | 'other_user'> & {
      /** The chat had a first-contact warning: events were raised to High. */
      afterWarning: boolean;
      attemptsLeft: number;
      /** This failure reached the limit: further checks are refused for `retryAfterMinutes`. */
      lockedOut: boolean;
      retryAfterMinutes?: number;
    })
  | (Refusal<'locked_out'> & { retryAfterMinutes: number });

/** The outcome of a user asking for a challenge-back code. */
export type IssueChallengeResult = {
  ok: true;
  /** Six digits for the user to read to the caller. */
  code: string;
  expiresAt: Date;
  validMinutes: number;
};

/** The outcome of `confirm <code>` by a staff member. */
export type ConfirmChallengeResult =
  | {
      ok: true;
      /** The user who asked: tell them who confirmed (proactively, in their 1:1 chat). */
      user: { tenantId: string; aadObjectId: string; upn?: string };
      chatThreadId?: string;
      confirmerName: string;
      issuedMinutesAgo: number;
    }
  | Refusal<'not_authorized' | 'malformed' | 'wrong' | 'expired' | 'used'>
  | (Refusal<'locked_out'> & { retryAfterMinutes: number });

/** What the security channel is told when a user is locked out. */
export interface LockoutNotice {
  tenantId: string;
  userObjectId: string;
  userUpn?: string;
  chatThreadId?: string;
  failures: number;
  retryAfterMinutes: number;
}

/**
 * The security channel's line about a lockout: who, how often, which chat, for how long.
 * Never a code. Said in the security team's language by whoever posts it.
 */
export const lockoutNoticeText = (notice: LockoutNotice): Message => {
  const params = {
    user: notice.userUpn ?? notice.userObjectId,
    count: notice.failures,
    duration: message('verification.time.minutes', { count: notice.retryAfterMinutes }),
  };
  return notice.chatThreadId
    ? message('verification.lockoutNotice.aboutChat', { ...params, chatThreadId: notice.chatThreadId })
    : message('verification.lockoutNotice.noChat', params);
};
