import type { EventPublisher } from '../events/event-publisher';
import type { WindowCounter } from '../store/ports';
import type { Lockout } from './lockout';
import type { StaffDirectory } from './staff-directory';
import type { UserDirectory } from './user-directory';
import type { VerificationLog } from './verification-events';
import type { LockoutNotice } from './verification-results';
import type { VerificationSettings } from './verification-settings';
import type { VerificationStore } from './verification-store';

/** What the composition root hands to createVerificationService. */
export interface VerificationServiceOptions {
  store: VerificationStore;
  events: EventPublisher;
  /** The server secret codes are keyed with (at least 32 bytes). */
  secret: Buffer | string;
  staff: StaffDirectory;
  users: UserDirectory;
  /** Failure windows for the lockout (Stores.windows). */
  windows: WindowCounter;
  log: VerificationLog;
  /** True when the user was warned about this chat (a first contact): failures become High. */
  wasWarned?: (tenantId: string, userObjectId: string, chatThreadId: string) => Promise<boolean>;
  /** Called once per lockout; tell the security channel here. A throw is logged, not passed on. */
  onLockedOut?: (notice: LockoutNotice) => Promise<void> | void;
  clock?: () => number;
  /** Draws a code; tests pass one to force collisions. */
  generateCode?: () => string;
  settings?: Partial<VerificationSettings>;
}

/** The resolved dependencies each operation takes a slice of. */
export interface VerificationDeps {
  store: VerificationStore;
  events: EventPublisher;
  key: Buffer;
  staff: StaffDirectory;
  users: UserDirectory;
  log: VerificationLog;
  wasWarned: (tenantId: string, userObjectId: string, chatThreadId: string) => Promise<boolean>;
  onLockedOut: (notice: LockoutNotice) => Promise<void> | void;
  clock: () => number;
  generateCode: () => string;
  settings: VerificationSettings;
  /** Failed checks by users. */
  checkLockout: Lockout;
  /** Failed confirmations by staff: a stolen staff account must not guess challenges. */
  confirmLockout: Lockout;
}
