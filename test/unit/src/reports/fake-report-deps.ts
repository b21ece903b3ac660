import type { FirstContactInput } from '../../../../src/reports/first-contact-log';
import { MemoryFirstContactLog } from '../../../../src/reports/memory-first-contact-log';
import { MemoryReportStore } from '../../../../src/reports/memory-report-store';
import type { ChatRemover } from '../../../../src/reports/report-deps';
import { createReportService } from '../../../../src/reports/report-service';
import type { Triager } from '../../../../src/reports/report-store';
import { createStaticSecurityTeam } from '../../../../src/reports/security-team';
import { fakeEvents, fakeLog } from '../../../support/fake-log';

export const dummyTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const dummyAttackerTenantId = 'e5f6a7b8-0000-4000-8000-00000000beef';
export const dummyAlice = {
  aadObjectId: 'a11ce000-0000-4000-8000-000000000001',
  upn: 'alice@contoso.com',
  name: 'Alice Example',
};
export const dummyBob = {
  aadObjectId: 'b0b00000-0000-4000-8000-000000000002',
  upn: 'bob@contoso.com',
  name: 'Bob Example',
};
export const dummyAnalyst: Triager = {
  aadObjectId: '5ec00000-0000-4000-8000-000000000003',
  name: 'Sam Security',
};
export const dummyChatThreadId =
  '19:a11ce000-0000-4000-8000-000000000001_e5f6a7b8-0000-4000-8000-00000000beef@unq.gbl.spaces';
export const dummyOtherThreadId =
  '19:b0b00000-0000-4000-8000-000000000002_e5f6a7b8-0000-4000-8000-00000000beef@unq.gbl.spaces';
export const dummyStart = Date.UTC(2026, 10, 27, 22, 0, 0);
export const dummySender = {
  displayName: 'IT Helpdesk',
  upn: 'it@helpdesk-x.onmicrosoft.com',
  tenantId: dummyAttackerTenantId,
};

/** A first contact of Alice by the dummy sender, warned; override any field. */
export const dummyFirstContact = (overrides: Partial<FirstContactInput> = {}): FirstContactInput => ({
  tenantId: dummyTenantId,
  recipientId: dummyAlice.aadObjectId,
  recipientUpn: dummyAlice.upn,
  chatThreadId: dummyChatThreadId,
  sender: dummySender,
  observedAt: dummyStart - 60_000,
  verdict: 'warn',
  score: 0.91,
  reasons: ['helpdesk_term', 'external_tenant'],
  ...overrides,
});

/** A Graph chat remover that records calls and fails for the listed users. */
export const fakeChatRemover = (failFor: string[] = []) => {
  const calls: Array<{
    chatThreadId: string;
    userAadObjectId: string;
    tenantId: string;
    onBehalfOf: Triager;
  }> = [];
  const remover: ChatRemover = {
    removeAllAccessForUser: async (chatThreadId, userAadObjectId, tenantId, onBehalfOf) => {
      calls.push({ chatThreadId, userAadObjectId, tenantId, onBehalfOf });
      if (failFor.includes(userAadObjectId)) throw new Error('Graph answered 403 Forbidden');
    },
  };
  return { calls, remover };
};

/** A report service on memory stores, with a clock the test moves and report IDs in order. */
export const buildReportService = (overrides: Partial<Parameters<typeof createReportService>[0]> = {}) => {
  const clock = { now: dummyStart };
  const events = fakeEvents();
  const log = fakeLog();
  const firstContacts = new MemoryFirstContactLog(() => clock.now);
  const reports = new MemoryReportStore(() => clock.now);
  let next = 0;
  const service = createReportService({
    reports,
    firstContacts,
    events,
    securityTeam: createStaticSecurityTeam({ ids: [dummyAnalyst.aadObjectId], tenantId: dummyTenantId }),
    clock: () => clock.now,
    log: log.logger,
    newReportId: () => `rpt-${(next += 1)}`,
    ...overrides,
  });
  return { service, clock, events, log, firstContacts, reports };
};

export { fakeEvents, fakeLog };
