import { MemoryVerificationStore } from '../../../../src/verification/memory-verification-store';
import { dummyAlice, dummyStaff, dummyTenantId } from './fake-verification-deps';

describe('MemoryVerificationStore', () => {
  it('forgets a code and its owner when their TTL runs out', async () => {
    const clock = { now: 1_000 };
    const store = new MemoryVerificationStore(() => clock.now);
    const record = {
      digest: 'aa'.repeat(32),
      tenantId: dummyTenantId,
      userObjectId: dummyAlice.aadObjectId,
      issuerObjectId: dummyStaff.aadObjectId,
      issuerName: 'Dana Helpdesk',
      issuedAt: 1_000,
      expiresAt: 2_000,
    };
    await store.saveCode(record, 'bb'.repeat(32), 5_000);

    clock.now = 5_999;
    const before = await store.findCode('aa'.repeat(32));
    clock.now = 6_000;

    expect(before).toEqual(record);
    expect(await store.findCode('aa'.repeat(32))).toBeUndefined();
    expect(await store.findCodeOwner('bb'.repeat(32))).toBeUndefined();
    expect(await store.saveCode(record, 'bb'.repeat(32), 5_000)).toBe(true);
  });
});
