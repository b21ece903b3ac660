import { codeDigests } from '../../../../src/verification/digests';
import {
  buildService,
  dummyAlice,
  dummySecret,
  dummyStaff,
  dummyStart,
  dummyTenantId,
  fakeCodes,
} from './fake-verification-deps';

describe('issueCode', () => {
  it('issues a six-digit code for a user named by UPN, valid 10 minutes', async () => {
    const ctx = buildService();

    const result = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: 'Alice@Contoso.com',
    });

    expect(result).toEqual({
      ok: true,
      code: expect.stringMatching(/^\d{6}$/),
      target: dummyAlice,
      issuedAt: new Date(dummyStart),
      expiresAt: new Date(dummyStart + 10 * 60_000),
      validMinutes: 10,
    });
  });

  it('accepts an object ID as the target', async () => {
    const ctx = buildService();

    const result = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice.aadObjectId.toUpperCase(),
    });

    expect(result).toMatchObject({ ok: true, target: { aadObjectId: dummyAlice.aadObjectId } });
  });

  it('refuses a non-staff issuer politely, issues nothing and logs the attempt', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913') });
    const mallory = { aadObjectId: 'badac700-0000-4000-8000-000000000009', name: 'IT Helpdesk' };

    const result = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: mallory,
      target: dummyAlice.upn as string,
    });
    const check = await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '482913' });

    expect(result).toMatchObject({ ok: false, reason: 'not_authorized', errorCode: 'not_authorized' });
    expect(check).toMatchObject({ ok: false, reason: 'wrong' });
    expect(ctx.events.emitted.map((e) => e.EventType)).not.toContain('VerificationCodeIssued');
    expect(ctx.log.lines.join('')).toContain('code issue refused: not helpdesk staff');
  });

  it('refuses staff of the right object ID in another tenant', async () => {
    const ctx = buildService();

    const result = await ctx.service.issueCode({
      tenantId: '11111111-2222-4333-8444-555555555555',
      issuer: dummyStaff,
      target: dummyAlice.aadObjectId,
    });

    expect(result).toMatchObject({ ok: false, reason: 'not_authorized' });
  });

  it('answers target_not_found for an unknown UPN', async () => {
    const ctx = buildService();

    const result = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: 'nobody@contoso.com',
    });

    expect(result).toMatchObject({ ok: false, reason: 'target_not_found', errorCode: 'not_found' });
  });

  it('emits VerificationCodeIssued with issuer and user, and neither the code nor its digests', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913') });

    await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice.upn as string,
    });

    expect(ctx.events.emitted).toEqual([
      {
        EventType: 'VerificationCodeIssued',
        Severity: 'Informational',
        Source: 'verification',
        VictimAccountObjectId: dummyAlice.aadObjectId,
        VictimUPN: dummyAlice.upn,
        Details: {
          issuerObjectId: dummyStaff.aadObjectId,
          issuerName: 'Dana Helpdesk',
          validMinutes: 10,
          expiresAt: new Date(dummyStart + 10 * 60_000).toISOString(),
        },
      },
    ]);
    const digests = codeDigests(Buffer.from(dummySecret), dummyTenantId, dummyAlice.aadObjectId, '482913');
    expect(JSON.stringify(ctx.events.emitted)).not.toContain(digests.userDigest);
  });

  it('draws again when the code is already out for another user in the tenant', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913', '482913', '100200') });
    await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice.upn as string,
    });

    const second = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: 'bob@contoso.com',
    });

    expect(second).toMatchObject({ ok: true, code: '100200' });
  });

  it('fails with store_unavailable when no free code turns up', async () => {
    const ctx = buildService({ generateCode: () => '482913' });
    await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice.upn as string,
    });

    await expect(
      ctx.service.issueCode({ tenantId: dummyTenantId, issuer: dummyStaff, target: 'bob@contoso.com' }),
    ).rejects.toMatchObject({ name: 'HelpdeskGuardError', code: 'store_unavailable' });
  });
});
