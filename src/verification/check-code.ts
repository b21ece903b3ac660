import type { ErrorCode } from '../errors';
import { message, type Message } from '../i18n/translations';
import { CODE_FORMAT_HINT, parseCode } from './code';
import { codeDigests, digestsEqual, sameObjectId } from './digests';
import type { VerificationDeps } from './verification-deps';
import { emitAfterDecision, VERIFICATION_SOURCE } from './verification-events';
import type { CheckCodeResult } from './verification-results';
import { minutesBetween, minutesUntil } from './verification-settings';
import type { CodeRecord } from './verification-store';

/** A user checking the code a caller gave them. */
export interface CheckCodeInput {
  tenantId: string;
  user: { aadObjectId: string; upn?: string };
  /** As typed: "482913", "482 913", "482-913". */
  code: string;
  /** The chat the caller is in, when the check came from a warning card. */
  chatThreadId?: string;
}

type Failure = 'wrong' | 'expired' | 'used' | 'other_user';

const FAILURE_CODES: Record<Failure, ErrorCode> = {
  wrong: 'code_invalid',
  expired: 'code_expired',
  used: 'code_used',
  other_user: 'code_other_user',
};

// Only why the check failed: the result card says "not verified" and what to do, once.
const FAILURE_MESSAGES: Record<Failure, Message> = {
  wrong: message('verification.check.wrong'),
  expired: message('verification.check.expired'),
  used: message('verification.check.used'),
  other_user: message('verification.check.otherUser'),
};

/** The failure key of one user in the WindowCounter. */
export const checkFailureKey = (tenantId: string, userObjectId: string): string =>
  `verify-fail:${tenantId.toLowerCase()}:${userObjectId.toLowerCase()}`;

/**
 * `verify <code>` / "Verify this caller": a good code is spent and names its issuer; every
 * other well-formed code is a counted failure; at the limit checks are refused, even with a
 * valid code, which then stays unspent.
 */
export const checkCode =
  (
    deps: Pick<
      VerificationDeps,
      'store' | 'events' | 'key' | 'log' | 'clock' | 'wasWarned' | 'onLockedOut' | 'settings' | 'checkLockout'
    >,
  ) =>
  async (input: CheckCodeInput): Promise<CheckCodeResult> => {
    const { tenantId, user, chatThreadId } = input;
    const now = deps.clock();
    const lockKey = checkFailureKey(tenantId, user.aadObjectId);
    const status = await deps.checkLockout.status(lockKey, now);
    if (status.locked) {
      const retryAfterMinutes = minutesUntil(status.retryAfterMs);
      deps.log.warn(
        { tenantId, userObjectId: user.aadObjectId, chatThreadId },
        'code check refused: locked out',
      );
      return {
        ok: false,
        reason: 'locked_out',
        errorCode: 'locked_out',
        retryAfterMinutes,
        message: message('verification.check.lockedOut', {
          duration: message('verification.time.minutes', { count: retryAfterMinutes }),
        }),
      };
    }
    const code = parseCode(input.code);
    if (code === undefined) {
      // A typo is not a guess: it does not count towards the lockout.
      return {
        ok: false,
        reason: 'malformed',
        errorCode: 'code_invalid',
        message: message('verification.check.malformed', { formatHint: CODE_FORMAT_HINT }),
      };
    }
    const { userDigest, ownerDigest } = codeDigests(deps.key, tenantId, user.aadObjectId, code);
    const record = await deps.store.findCode(userDigest);
    const outcome = record && digestsEqual(record.digest, userDigest) ? await spend(record) : await notMine();
    if (outcome !== 'spent') return fail(outcome.reason, outcome.intendedUserObjectId);

    const spent = record as CodeRecord;
    const issuedMinutesAgo = minutesBetween(spent.issuedAt, now);
    deps.log.info(
      { tenantId, userObjectId: user.aadObjectId, issuerObjectId: spent.issuerObjectId },
      'caller verified',
    );
    await emitAfterDecision(deps.events, deps.log, {
      EventType: 'VerificationSucceeded',
      Severity: 'Informational',
      Source: VERIFICATION_SOURCE,
      ChatThreadId: chatThreadId ?? null,
      VictimAccountObjectId: user.aadObjectId,
      VictimUPN: user.upn ?? null,
      Details: { issuerObjectId: spent.issuerObjectId, issuerName: spent.issuerName, issuedMinutesAgo },
    });
    return {
      ok: true,
      issuerName: spent.issuerName,
      issuerObjectId: spent.issuerObjectId,
      issuedAt: new Date(spent.issuedAt),
      issuedMinutesAgo,
    };

    async function spend(
      found: CodeRecord,
    ): Promise<'spent' | { reason: Failure; intendedUserObjectId?: string }> {
      if (found.spentAt !== undefined) return { reason: 'used' };
      if (found.expiresAt <= now) return { reason: 'expired' };
      // Two checks may both see it unspent; the store lets exactly one of them spend it.
      return (await deps.store.spendCode(userDigest, now)) ? 'spent' : { reason: 'used' };
    }

    async function notMine(): Promise<{ reason: Failure; intendedUserObjectId?: string }> {
      const owner = await deps.store.findCodeOwner(ownerDigest);
      return owner !== undefined && !sameObjectId(owner, user.aadObjectId)
        ? { reason: 'other_user', intendedUserObjectId: owner }
        : { reason: 'wrong' };
    }

    async function fail(reason: Failure, intendedUserObjectId?: string): Promise<CheckCodeResult> {
      const afterWarning =
        chatThreadId !== undefined && (await deps.wasWarned(tenantId, user.aadObjectId, chatThreadId));
      const recorded = await deps.checkLockout.recordFailure(lockKey, now);
      const lock = recorded.attemptsLeft === 0 ? await deps.checkLockout.status(lockKey, now) : undefined;
      const retryAfterMinutes = lock?.locked ? minutesUntil(lock.retryAfterMs) : undefined;
      deps.log.warn({ tenantId, userObjectId: user.aadObjectId, chatThreadId, reason }, 'code check failed');
      await emitAfterDecision(deps.events, deps.log, {
        EventType: 'VerificationFailed',
        Severity: afterWarning ? 'High' : 'Medium',
        Source: VERIFICATION_SOURCE,
        ChatThreadId: chatThreadId ?? null,
        VictimAccountObjectId: user.aadObjectId,
        VictimUPN: user.upn ?? null,
        Details: {
          reason,
          afterWarning,
          failuresInWindow: recorded.failures,
          ...(intendedUserObjectId === undefined ? {} : { intendedUserObjectId }),
        },
      });
      if (recorded.lockedNow) await lockedOut(recorded.failures, retryAfterMinutes ?? 0);
      return {
        ok: false,
        reason,
        errorCode: FAILURE_CODES[reason],
        message: FAILURE_MESSAGES[reason],
        afterWarning,
        attemptsLeft: recorded.attemptsLeft,
        lockedOut: retryAfterMinutes !== undefined,
        ...(retryAfterMinutes === undefined ? {} : { retryAfterMinutes }),
      };
    }

    async function lockedOut(failures: number, retryAfterMinutes: number): Promise<void> {
      await emitAfterDecision(deps.events, deps.log, {
        EventType: 'VerificationLockedOut',
        Severity: 'High',
        Source: VERIFICATION_SOURCE,
        ChatThreadId: chatThreadId ?? null,
        VictimAccountObjectId: user.aadObjectId,
        VictimUPN: user.upn ?? null,
        Details: { failures, windowMinutes: minutesUntil(deps.settings.failureWindowMs), retryAfterMinutes },
      });
      try {
        await deps.onLockedOut({
          tenantId,
          userObjectId: user.aadObjectId,
          ...(user.upn === undefined ? {} : { userUpn: user.upn }),
          ...(chatThreadId === undefined ? {} : { chatThreadId }),
          failures,
          retryAfterMinutes,
        });
      } catch (err) {
        // The user's answer must not depend on the security channel being reachable.
        deps.log.error(
          { err, tenantId, userObjectId: user.aadObjectId },
          'lockout notice could not be delivered',
        );
      }
    }
  };
