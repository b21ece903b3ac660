import { createStaticSecurityTeam } from '../../../../src/reports/security-team';
import { dummyAnalyst, dummyTenantId } from './fake-report-deps';

describe('createStaticSecurityTeam', () => {
  const team = createStaticSecurityTeam({
    ids: [` ${dummyAnalyst.aadObjectId.toUpperCase()} `, ''],
    tenantId: dummyTenantId,
  });

  it('knows a listed member whatever the case of the IDs', async () => {
    expect(await team.isMember(dummyTenantId.toUpperCase(), dummyAnalyst.aadObjectId)).toBe(true);
  });

  it('does not know anyone else', async () => {
    expect(await team.isMember(dummyTenantId, 'a11ce000-0000-4000-8000-000000000001')).toBe(false);
  });

  it('does not know a listed ID seen from another tenant', async () => {
    expect(await team.isMember('0ther000-0000-4000-8000-000000000000', dummyAnalyst.aadObjectId)).toBe(false);
  });

  it('ignores an empty entry', async () => {
    expect(await team.isMember(dummyTenantId, '')).toBe(false);
  });
});
