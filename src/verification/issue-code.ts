import { message } from '../i18n/translations';
import { drawFreeCode } from './code';
import { codeDigests } from './digests';
import type { DirectoryUser } from './user-directory';
import type { VerificationDeps } from './verification-deps';
import { emitAfterDecision, VERIFICATION_SOURCE } from './verification-events';
import type { IssueCodeResult } from './verification-results';

/** A staff member asking for a code. `name` is their Teams display name, shown to the user. */
export interface IssueCodeInput {
  tenantId: string;
  issuer: { aadObjectId: string; name: string };
  /** What the staff member typed (a UPN or an object ID), or a user already resolved. */
  target: string | DirectoryUser;
}

/**
 * `issue code <UPN or object ID>`: only staff; the code is bound to the issuer and the
 * target user, valid for settings.codeValidityMs, and stored only as HMACs.
 */
export const issueCode =
  (
    deps: Pick<
      VerificationDeps,
      'store' | 'events' | 'key' | 'staff' | 'users' | 'log' | 'clock' | 'generateCode' | 'settings'
    >,
  ) =>
  async (input: IssueCodeInput): Promise<IssueCodeResult> => {
    const { tenantId, issuer } = input;
    if (!(await deps.staff.isStaff(tenantId, issuer.aadObjectId))) {
      deps.log.warn(
        { tenantId, issuerObjectId: issuer.aadObjectId },
        'code issue refused: not helpdesk staff',
      );
      return {
        ok: false,
        reason: 'not_authorized',
        errorCode: 'not_authorized',
        message: message('verification.issue.notAuthorized'),
      };
    }
    const target =
      typeof input.target === 'string' ? await deps.users.resolve(tenantId, input.target) : input.target;
    if (!target) {
      return {
        ok: false,
        reason: 'target_not_found',
        errorCode: 'not_found',
        message: message('verification.issue.targetNotFound'),
      };
    }
    const { codeValidityMs, retentionMs } = deps.settings;
    const issuedAt = deps.clock();
    const expiresAt = issuedAt + codeValidityMs;
    const userObjectId = target.aadObjectId.toLowerCase();
    const code = await drawFreeCode(deps.generateCode, async (candidate) => {
      const { userDigest, ownerDigest } = codeDigests(deps.key, tenantId, userObjectId, candidate);
      const record = {
        digest: userDigest,
        tenantId,
        userObjectId,
        issuerObjectId: issuer.aadObjectId,
        issuerName: issuer.name,
        issuedAt,
        expiresAt,
      };
      return deps.store.saveCode(record, ownerDigest, codeValidityMs + retentionMs);
    });
    const validMinutes = Math.round(codeValidityMs / 60_000);
    deps.log.info({ tenantId, issuerObjectId: issuer.aadObjectId, userObjectId }, 'verification code issued');
    await emitAfterDecision(deps.events, deps.log, {
      EventType: 'VerificationCodeIssued',
      Severity: 'Informational',
      Source: VERIFICATION_SOURCE,
      VictimAccountObjectId: userObjectId,
      VictimUPN: target.upn ?? null,
      Details: {
        issuerObjectId: issuer.aadObjectId,
        issuerName: issuer.name,
        validMinutes,
        expiresAt: new Date(expiresAt).toISOString(),
      },
    });
    return {
      ok: true,
      code,
      target,
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(expiresAt),
      validMinutes,
    };
  };
