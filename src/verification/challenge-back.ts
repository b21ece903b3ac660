import type { ErrorCode } from '../errors';
import { message, type Message } from '../i18n/translations';
import { CODE_FORMAT_HINT, drawFreeCode, parseCode } from './code';
import { challengeDigest, digestsEqual } from './digests';
import type { VerificationDeps } from './verification-deps';
import { emitAfterDecision, VERIFICATION_SOURCE } from './verification-events';
import type { ConfirmChallengeResult, IssueChallengeResult } from './verification-results';
import { minutesBetween, minutesUntil } from './verification-settings';
import type { ChallengeRecord } from './verification-store';

/** A user asking for a code to read out to a caller. */
export interface IssueChallengeInput {
  tenantId: string;
  user: { aadObjectId: string; upn?: string };
  chatThreadId?: string;
}

/**
 * Challenge-back, step 1: the user gets a code to read to the caller. Only a genuine staff
 * member can confirm it in the bot, so a caller who cannot is not the helpdesk.
 */
export const issueChallenge =
  (
    deps: Pick<VerificationDeps, 'store' | 'events' | 'key' | 'log' | 'clock' | 'generateCode' | 'settings'>,
  ) =>
  async (input: IssueChallengeInput): Promise<IssueChallengeResult> => {
    const { tenantId, user, chatThreadId } = input;
    const { challengeValidityMs, retentionMs } = deps.settings;
    const issuedAt = deps.clock();
    const expiresAt = issuedAt + challengeValidityMs;
    const code = await drawFreeCode(deps.generateCode, (candidate) => {
      const record: ChallengeRecord = {
        digest: challengeDigest(deps.key, tenantId, candidate),
        tenantId,
        userObjectId: user.aadObjectId.toLowerCase(),
        ...(user.upn === undefined ? {} : { userUpn: user.upn }),
        ...(chatThreadId === undefined ? {} : { chatThreadId }),
        issuedAt,
        expiresAt,
      };
      return deps.store.saveChallenge(record, challengeValidityMs + retentionMs);
    });
    const validMinutes = Math.round(challengeValidityMs / 60_000);
    deps.log.info({ tenantId, userObjectId: user.aadObjectId, chatThreadId }, 'challenge-back code issued');
    await emitAfterDecision(deps.events, deps.log, {
      EventType: 'ChallengeIssued',
      Severity: 'Low',
      Source: VERIFICATION_SOURCE,
      ChatThreadId: chatThreadId ?? null,
      VictimAccountObjectId: user.aadObjectId,
      VictimUPN: user.upn ?? null,
      Details: { validMinutes },
    });
    return { ok: true, code, expiresAt: new Date(expiresAt), validMinutes };
  };

/** A staff member confirming the code a user read to them. */
export interface ConfirmChallengeInput {
  tenantId: string;
  staff: { aadObjectId: string; name: string };
  code: string;
}

/** The failure key of one staff member confirming challenges. */
export const confirmFailureKey = (tenantId: string, staffObjectId: string): string =>
  `confirm-fail:${tenantId.toLowerCase()}:${staffObjectId.toLowerCase()}`;

/**
 * Challenge-back, step 2: `confirm <code>` by staff. The first confirmation wins; the
 * handler then tells the user (in their 1:1 chat) who confirmed.
 */
export const confirmChallenge =
  (deps: Pick<VerificationDeps, 'store' | 'events' | 'key' | 'staff' | 'log' | 'clock' | 'confirmLockout'>) =>
  async (input: ConfirmChallengeInput): Promise<ConfirmChallengeResult> => {
    const { tenantId, staff } = input;
    if (!(await deps.staff.isStaff(tenantId, staff.aadObjectId))) {
      deps.log.warn(
        { tenantId, actorObjectId: staff.aadObjectId },
        'challenge confirm refused: not helpdesk staff',
      );
      return {
        ok: false,
        reason: 'not_authorized',
        errorCode: 'not_authorized',
        message: message('verification.confirm.notAuthorized'),
      };
    }
    const now = deps.clock();
    const lockKey = confirmFailureKey(tenantId, staff.aadObjectId);
    const status = await deps.confirmLockout.status(lockKey, now);
    if (status.locked) {
      const retryAfterMinutes = minutesUntil(status.retryAfterMs);
      deps.log.warn({ tenantId, staffObjectId: staff.aadObjectId }, 'challenge confirm refused: locked out');
      return {
        ok: false,
        reason: 'locked_out',
        errorCode: 'locked_out',
        retryAfterMinutes,
        message: message('verification.confirm.lockedOut', {
          duration: message('verification.time.minutes', { count: retryAfterMinutes }),
        }),
      };
    }
    const code = parseCode(input.code);
    if (code === undefined) {
      return { ok: false, reason: 'malformed', errorCode: 'code_invalid', message: CODE_FORMAT_HINT };
    }
    const digest = challengeDigest(deps.key, tenantId, code);
    const found = await deps.store.findChallenge(digest);
    const record = found && digestsEqual(found.digest, digest) ? found : undefined;
    if (record === undefined) return fail('wrong');
    if (record.confirmedAt !== undefined) return fail('used');
    if (record.expiresAt <= now) return fail('expired');
    // Two staff may confirm at once; the store lets exactly one of them win.
    if (!(await deps.store.confirmChallenge(digest, staff, now))) return fail('used');

    const issuedMinutesAgo = minutesBetween(record.issuedAt, now);
    deps.log.info(
      { tenantId, staffObjectId: staff.aadObjectId, userObjectId: record.userObjectId },
      'challenge confirmed',
    );
    await emitAfterDecision(deps.events, deps.log, {
      EventType: 'ChallengeConfirmed',
      Severity: 'Informational',
      Source: VERIFICATION_SOURCE,
      ChatThreadId: record.chatThreadId ?? null,
      VictimAccountObjectId: record.userObjectId,
      VictimUPN: record.userUpn ?? null,
      Details: { confirmerObjectId: staff.aadObjectId, confirmerName: staff.name, issuedMinutesAgo },
    });
    return {
      ok: true,
      user: {
        tenantId: record.tenantId,
        aadObjectId: record.userObjectId,
        ...(record.userUpn === undefined ? {} : { upn: record.userUpn }),
      },
      ...(record.chatThreadId === undefined ? {} : { chatThreadId: record.chatThreadId }),
      confirmerName: staff.name,
      issuedMinutesAgo,
    };

    async function fail(reason: keyof typeof CONFIRM_FAILURES): Promise<ConfirmChallengeResult> {
      await deps.confirmLockout.recordFailure(lockKey, now);
      deps.log.warn({ tenantId, staffObjectId: staff.aadObjectId, reason }, 'challenge confirm failed');
      return { ok: false, reason, ...CONFIRM_FAILURES[reason] };
    }
  };

const CONFIRM_FAILURES = {
  wrong: { errorCode: 'code_invalid', message: message('verification.confirm.wrong') },
  used: { errorCode: 'code_used', message: message('verification.confirm.used') },
  expired: { errorCode: 'code_expired', message: message('verification.confirm.expired') },
} as const satisfies Record<string, { errorCode: ErrorCode; message: Message }>;
