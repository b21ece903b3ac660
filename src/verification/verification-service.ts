import { confirmChallenge, issueChallenge } from './challenge-back';
import { checkCode } from './check-code';
import { generateCode } from './code';
import { toSecretKey } from './digests';
import { issueCode } from './issue-code';
import { createLockout } from './lockout';
import type { VerificationDeps, VerificationServiceOptions } from './verification-deps';
import { DEFAULT_VERIFICATION_SETTINGS } from './verification-settings';

/** The verification operations, each a plain async function the handlers call. */
export interface VerificationService {
  issueCode: ReturnType<typeof issueCode>;
  checkCode: ReturnType<typeof checkCode>;
  issueChallenge: ReturnType<typeof issueChallenge>;
  confirmChallenge: ReturnType<typeof confirmChallenge>;
}

/**
 * Builds the verification service from its ports. Throws `config_invalid` when the secret
 * is shorter than 32 bytes.
 */
export const createVerificationService = (options: VerificationServiceOptions): VerificationService => {
  const settings = { ...DEFAULT_VERIFICATION_SETTINGS, ...options.settings };
  const lockoutOptions = {
    windows: options.windows,
    maxFailures: settings.maxFailures,
    windowMs: settings.failureWindowMs,
  };
  const deps: VerificationDeps = {
    store: options.store,
    events: options.events,
    key: toSecretKey(options.secret),
    staff: options.staff,
    users: options.users,
    log: options.log,
    wasWarned: options.wasWarned ?? (async () => false),
    onLockedOut: options.onLockedOut ?? (() => undefined),
    clock: options.clock ?? Date.now,
    generateCode: options.generateCode ?? generateCode,
    settings,
    checkLockout: createLockout(lockoutOptions),
    confirmLockout: createLockout(lockoutOptions),
  };
  return {
    issueCode: issueCode(deps),
    checkCode: checkCode(deps),
    issueChallenge: issueChallenge(deps),
    confirmChallenge: confirmChallenge(deps),
  };
};
