import { translationsFor } from '../../../../src/i18n/translations';
import {
  buildService,
  dummyAlice,
  dummyChatThreadId,
  dummyStaff,
  dummyStart,
  dummyTenantId,
  fakeCodes,
} from './fake-verification-deps';

/** Messages as an English reader sees them. */
const english = translationsFor().for('en');

const attacker = { aadObjectId: 'badac700-0000-4000-8000-000000000009', name: 'IT Helpdesk' };

const askForChallenge = async (ctx: ReturnType<typeof buildService>) => {
  const issued = await ctx.service.issueChallenge({
    tenantId: dummyTenantId,
    user: dummyAlice,
    chatThreadId: dummyChatThreadId,
  });
  return issued.code;
};

describe('challenge-back', () => {
  it('gives the user a six-digit code valid 10 minutes and emits ChallengeIssued', async () => {
    const ctx = buildService();

    const result = await ctx.service.issueChallenge({
      tenantId: dummyTenantId,
      user: dummyAlice,
      chatThreadId: dummyChatThreadId,
    });

    expect(result).toEqual({
      ok: true,
      code: expect.stringMatching(/^\d{6}$/),
      expiresAt: new Date(dummyStart + 10 * 60_000),
      validMinutes: 10,
    });
    expect(ctx.events.emitted).toEqual([
      expect.objectContaining({
        EventType: 'ChallengeIssued',
        ChatThreadId: dummyChatThreadId,
        VictimAccountObjectId: dummyAlice.aadObjectId,
        Details: { validMinutes: 10 },
      }),
    ]);
  });

  it('lets a staff member confirm it and says whom to tell, and who confirmed', async () => {
    const ctx = buildService();
    const code = await askForChallenge(ctx);
    ctx.clock.now += 2 * 60_000;

    const result = await ctx.service.confirmChallenge({
      tenantId: dummyTenantId,
      staff: dummyStaff,
      code: ` ${code.slice(0, 3)} ${code.slice(3)} `,
    });

    expect(result).toEqual({
      ok: true,
      user: { tenantId: dummyTenantId, aadObjectId: dummyAlice.aadObjectId, upn: dummyAlice.upn },
      chatThreadId: dummyChatThreadId,
      confirmerName: 'Dana Helpdesk',
      issuedMinutesAgo: 2,
    });
    expect(ctx.events.emitted.at(-1)).toMatchObject({
      EventType: 'ChallengeConfirmed',
      Severity: 'Informational',
      ChatThreadId: dummyChatThreadId,
      VictimAccountObjectId: dummyAlice.aadObjectId,
      Details: {
        confirmerObjectId: dummyStaff.aadObjectId,
        confirmerName: 'Dana Helpdesk',
        issuedMinutesAgo: 2,
      },
    });
  });

  it('refuses confirmation by someone who is not staff, and leaves the challenge open', async () => {
    const ctx = buildService();
    const code = await askForChallenge(ctx);

    const byAttacker = await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: attacker, code });
    const byStaff = await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code });

    expect(byAttacker).toMatchObject({ ok: false, reason: 'not_authorized', errorCode: 'not_authorized' });
    expect(byStaff.ok).toBe(true);
    expect(ctx.log.lines.join('')).toContain('challenge confirm refused: not helpdesk staff');
  });

  it.each([
    ['wrong', 'code_invalid', async () => '111111', 0],
    ['expired', 'code_expired', undefined, 10 * 60_000],
  ] as const)('refuses a %s challenge code', async (reason, errorCode, pick, advanceMs) => {
    const ctx = buildService({ generateCode: fakeCodes('222222') });
    const code = await askForChallenge(ctx);
    ctx.clock.now += advanceMs;

    const result = await ctx.service.confirmChallenge({
      tenantId: dummyTenantId,
      staff: dummyStaff,
      code: pick ? await pick() : code,
    });

    expect(result).toMatchObject({ ok: false, reason, errorCode });
  });

  it('confirms a challenge once only', async () => {
    const ctx = buildService();
    const code = await askForChallenge(ctx);
    await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code });

    const again = await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code });

    expect(again).toMatchObject({ ok: false, reason: 'used', errorCode: 'code_used' });
  });

  it('answers a malformed confirmation with the format hint', async () => {
    const ctx = buildService();

    const result = await ctx.service.confirmChallenge({
      tenantId: dummyTenantId,
      staff: dummyStaff,
      code: '12 34',
    });

    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!result.ok && english.text(result.message)).toBe('A code is 6 digits, like 482 913.');
  });

  it('locks a staff member out of confirming after five wrong codes', async () => {
    const ctx = buildService();
    const code = await askForChallenge(ctx);
    for (let i = 0; i < 5; i += 1) {
      await ctx.service.confirmChallenge({
        tenantId: dummyTenantId,
        staff: dummyStaff,
        code: code === '000000' ? '000001' : '000000',
      });
    }

    const result = await ctx.service.confirmChallenge({ tenantId: dummyTenantId, staff: dummyStaff, code });

    expect(result).toMatchObject({ ok: false, reason: 'locked_out', retryAfterMinutes: 15 });
  });

  it('keeps challenge codes apart from staff-issued codes', async () => {
    const ctx = buildService({ generateCode: fakeCodes('333333') });
    await askForChallenge(ctx);

    const check = await ctx.service.checkCode({ tenantId: dummyTenantId, user: dummyAlice, code: '333333' });

    expect(check).toMatchObject({ ok: false, reason: 'wrong' });
  });
});
