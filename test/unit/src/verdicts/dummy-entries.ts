import type { SenderListEntry } from '../../../../src/verdicts';

/** A fixed start, so expiry instants read plainly. */
export const dummyNow = Date.UTC(2026, 10, 27, 22, 0, 0);
/** The home tenant of these tests. */
export const dummyHomeTenant = '0d2f0b8e-5c3a-4e1b-9f7d-6a5b4c3d2e1f';
/** An attacker's tenant and its initial domain. */
export const dummyAttackerTenant = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const dummyAttackerUpn = 'it.helpdesk@helpdesk-fabrikam.onmicrosoft.com';
export const dummyAnalyst = { aadObjectId: 'a4a15700-2b3c-4d5e-8f60-718293a4b5c6', name: 'Ana Analyst' };

/** A block of the attacker's tenant from a triaged report; override any field. */
export const dummyEntry = (overrides: Partial<SenderListEntry> = {}): SenderListEntry => ({
  list: 'block',
  kind: 'tenant',
  value: dummyAttackerTenant,
  reason: 'Report rpt-1 triaged malicious by Ana Analyst',
  addedBy: dummyAnalyst,
  addedAt: dummyNow,
  reportId: 'rpt-1',
  campaignId: 'cmp-1',
  ...overrides,
});
