import {
  buildService,
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummyStaff,
  dummyTenantId,
} from './fake-verification-deps';

const failFiveTimes = async (ctx: ReturnType<typeof buildService>) => {
  const results = [];
  for (let i = 0; i < 5; i += 1) {
    results.push(
      await ctx.service.checkCode({
        tenantId: dummyTenantId,
        user: dummyAlice,
        code: `00000${i}`,
        chatThreadId: dummyChatThreadId,
      }),
    );
    ctx.clock.now += 60_000;
  }
  return results;
};

const issueForAlice = async (ctx: ReturnType<typeof buildService>) => {
  const issued = await ctx.service.issueCode({
    tenantId: dummyTenantId,
    issuer: dummyStaff,
    target: dummyAlice,
  });
  if (!issued.ok) throw new Error('issue failed');
  return issued.code;
};

describe('checkCode lockout', () => {
  it('counts down the attempts left and locks on the fifth failure', async () => {
    const ctx = buildService();

    const results = await failFiveTimes(ctx);

    expect(results.map((r) => !r.ok && 'attemptsLeft' in r && r.attemptsLeft)).toEqual([4, 3, 2, 1, 0]);
    expect(results[4]).toMatchObject({ lockedOut: true, retryAfterMinutes: 11 });
  });

  it('refuses a sixth check even with a valid code, and does not spend that code', async () => {
    // A code valid long enough to outlast the lockout shows it was not spent by the refusal.
    const ctx = buildService({ settings: { codeValidityMs: 60 * 60_000 } });
    const code = await issueForAlice(ctx);
    await failFiveTimes(ctx);

    const refused = await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code });
    ctx.clock.now += 10 * 60_000;
    const afterWait = await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code });

    expect(refused).toMatchObject({
      ok: false,
      reason: 'locked_out',
      errorCode: 'locked_out',
      retryAfterMinutes: 10,
    });
    expect(afterWait.ok).toBe(true);
  });

  it('lets checks through again once the oldest failure leaves the 15-minute window', async () => {
    const ctx = buildService();
    await failFiveTimes(ctx);
    ctx.clock.now += 11 * 60_000;
    const code = await issueForAlice(ctx);

    expect((await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code })).ok).toBe(true);
  });

  it('emits VerificationLockedOut at High exactly once and tells the security hook', async () => {
    const ctx = buildService();
    await failFiveTimes(ctx);
    await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '999999' });

    const lockedOut = ctx.events.emitted.filter((e) => e.EventType === 'VerificationLockedOut');
    expect(lockedOut).toEqual([
      expect.objectContaining({
        Severity: 'High',
        VictimAccountObjectId: dummyAlice.aadObjectId,
        ChatThreadId: dummyChatThreadId,
        Details: { failures: 5, windowMinutes: 15, retryAfterMinutes: 11 },
      }),
    ]);
    expect(ctx.lockouts).toEqual([
      {
        tenantId: dummyTenantId,
        userObjectId: dummyAlice.aadObjectId,
        userUpn: dummyAlice.upn,
        chatThreadId: dummyChatThreadId,
        failures: 5,
        retryAfterMinutes: 11,
      },
    ]);
  });

  it('locks only the user who failed', async () => {
    const ctx = buildService();
    await failFiveTimes(ctx);
    const issued = await ctx.service.issueCode({
      tenantId: dummyTenantId,
      issuer: dummyStaff,
      target: dummyBob,
    });
    if (!issued.ok) throw new Error('issue failed');

    expect(
      (await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyBob, code: issued.code })).ok,
    ).toBe(true);
  });

  it('still answers the user when the security hook throws, and logs it', async () => {
    const ctx = buildService({
      onLockedOut: () => {
        throw new Error('channel unreachable');
      },
    });

    const results = await failFiveTimes(ctx);

    expect(results[4]).toMatchObject({ ok: false, lockedOut: true });
    expect(ctx.log.lines.join('')).toContain('lockout notice could not be delivered');
  });
});
