import { formatCode } from '../../../../src/verification/code';
import { challengeDigest, codeDigests } from '../../../../src/verification/digests';
import {
  buildService,
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummySecret,
  dummyStaff,
  dummyTenantId,
  fakeCodes,
} from './fake-verification-deps';

describe('codes never leave the service except to the person they are for', () => {
  it('logs and emits no code, grouped or not, and no digest of one, across every path', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913', '731264') });
    const outcomes: unknown[] = [];
    const issued = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyAlice.upn as string,
    });
    outcomes.push(await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyBob, code: '482 913' }));
    outcomes.push(
      await ctx.service.checkCode({
        tenantId: dummyTenantId,
        user: dummyAlice,
        code: '482-913',
        chatThreadId: dummyChatThreadId,
      }),
    );
    outcomes.push(await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '482913' }));
    for (let i = 0; i < 5; i += 1) {
      outcomes.push(
        await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '482913' }),
      );
    }
    const challenge = await ctx.service.issueChallenge({ tenantId: dummyTenantId, user: dummyAlice });
    outcomes.push(
      await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code: '731 264' }),
    );
    outcomes.push(
      await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code: '731264' }),
    );

    const key = Buffer.from(dummySecret);
    const secrets = [
      '482913',
      formatCode('482913'),
      '731264',
      formatCode('731264'),
      codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913').userDigest,
      codeDigests(key, dummyTenantId, dummyAlice.aadObjectId, '482913').ownerDigest,
      challengeDigest(key, dummyTenantId, '731264'),
    ];
    const logged = ctx.log.lines.join('');
    const emitted = JSON.stringify(ctx.events.emitted);
    const answered = JSON.stringify(outcomes);
    // The run must have exercised the paths this guards: issue, fail, succeed, lock, challenge.
    expect(issued.ok && challenge.ok).toBe(true);
    expect(ctx.events.emitted.map((e) => e.EventType)).toEqual(
      expect.arrayContaining([
        'VerificationCodeIssued',
        'VerificationFailed',
        'VerificationSucceeded',
        'VerificationLockedOut',
        'ChallengeConfirmed',
      ]),
    );
    for (const secret of secrets) {
      expect(logged).not.toContain(secret);
      expect(emitted).not.toContain(secret);
      expect(answered).not.toContain(secret);
    }
  });
});
