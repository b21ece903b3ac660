import { MemoryWindowCounter } from '../../../../src/store/memory';
import type { WindowCounter } from '../../../../src/store/ports';
import { MemoryVerificationStore } from '../../../../src/verification/memory-verification-store';
import { createStaticStaffDirectory } from '../../../../src/verification/staff-directory';
import { createUserDirectory, type DirectoryUser } from '../../../../src/verification/user-directory';
import type { VerificationServiceOptions } from '../../../../src/verification/verification-deps';
import type { LockoutNotice } from '../../../../src/verification/verification-results';
import { createVerificationService } from '../../../../src/verification/verification-service';
import type { VerificationStore } from '../../../../src/verification/verification-store';
import { fakeEvents, fakeLog } from '../../../support/fake-log';

export const dummyTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const dummySecret = 'test-secret-0123456789abcdef0123456789abcdef';
export const dummyStaff = { aadObjectId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', name: 'Dana Helpdesk' };
export const dummyAlice: DirectoryUser = {
  aadObjectId: 'a11ce000-0000-4000-8000-000000000001',
  upn: 'alice@contoso.com',
  displayName: 'Alice Example',
};
export const dummyBob: DirectoryUser = {
  aadObjectId: 'b0b00000-0000-4000-8000-000000000002',
  upn: 'bob@contoso.com',
  displayName: 'Bob Example',
};
export const dummyChatThreadId = '19:abc_def@unq.gbl.spaces';
export const dummyStart = Date.UTC(2026, 10, 27, 22, 0, 0);

/** Codes drawn in order from a list (then random), so tests know them in advance. */
export const fakeCodes = (...codes: string[]) => {
  const queue = [...codes];
  return () => queue.shift() ?? String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
};

/** A verification service on memory stores with a clock the test moves. */
export const buildService = (
  overrides: Partial<VerificationServiceOptions> & {
    store?: VerificationStore;
    windows?: WindowCounter;
  } = {},
) => {
  const clock = { now: dummyStart };
  const events = fakeEvents();
  const log = fakeLog();
  const lockouts: LockoutNotice[] = [];
  const warned = new Set<string>();
  const directory = new Map([dummyAlice, dummyBob].map((user) => [user.upn as string, user]));
  const service = createVerificationService({
    store: new MemoryVerificationStore(() => clock.now),
    events,
    secret: dummySecret,
    staff: createStaticStaffDirectory({ ids: [dummyStaff.aadObjectId], tenantId: dummyTenantId }),
    users: createUserDirectory({ lookupUpn: async (_tenantId, upn) => directory.get(upn) }),
    windows: new MemoryWindowCounter(),
    log: log.logger,
    clock: () => clock.now,
    wasWarned: async (_tenantId, userObjectId, chatThreadId) => warned.has(`${userObjectId}|${chatThreadId}`),
    onLockedOut: (notice) => {
      lockouts.push(notice);
    },
    ...overrides,
  });
  return { service, clock, events, log, lockouts, warned };
};

export { fakeEvents, fakeLog };
