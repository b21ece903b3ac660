import { translationsFor } from '../../../../src/i18n/translations';
import {
  buildService,
  dummyAlice,
  dummyBob,
  dummyChatThreadId,
  dummyStaff,
  dummyTenantId,
  fakeCodes,
} from './fake-verification-deps';

/** Messages as an English reader sees them. */
const english = translationsFor().for('en');

const issueFor = async (ctx: ReturnType<typeof buildService>, target = dummyAlice.upn as string) => {
  const issued = await ctx.service.issueCode({ tenantId: dummyTenantId, issuer: dummyStaff, target });
  if (!issued.ok) throw new Error(`issue failed: ${issued.reason}`);
  return issued.code;
};

const check = (
  ctx: ReturnType<typeof buildService>,
  code: string,
  user = dummyAlice,
  chatThreadId?: string,
) => ctx.service.checkCode({ tenantId: dummyTenantId, user, code, chatThreadId });

describe('checkCode', () => {
  it('names the issuer of a good code and how long ago it was issued', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913') });
    await issueFor(ctx);
    ctx.clock.now += 3 * 60_000 + 10_000;

    const result = await check(ctx, '482 913');

    expect(result).toEqual({
      ok: true,
      issuerName: 'Dana Helpdesk',
      issuerObjectId: dummyStaff.aadObjectId,
      issuedAt: new Date(ctx.clock.now - 3 * 60_000 - 10_000),
      issuedMinutesAgo: 3,
    });
  });

  it.each(['482913', '482 913', '482-913', '  482913  '])('accepts the code typed as %j', async (typed) => {
    const ctx = buildService({ generateCode: fakeCodes('482913') });
    await issueFor(ctx);

    expect((await check(ctx, typed)).ok).toBe(true);
  });

  it('refuses a code the second time: it is spent', async () => {
    const ctx = buildService();
    const code = await issueFor(ctx);
    await check(ctx, code);

    expect(await check(ctx, code)).toMatchObject({ ok: false, reason: 'used', errorCode: 'code_used' });
  });

  it('refuses a code that was never issued as wrong', async () => {
    const ctx = buildService({ generateCode: fakeCodes('482913') });
    await issueFor(ctx);

    expect(await check(ctx, '482914')).toMatchObject({
      ok: false,
      reason: 'wrong',
      errorCode: 'code_invalid',
    });
  });

  it('refuses a code after its 10 minutes as expired', async () => {
    const ctx = buildService();
    const code = await issueFor(ctx);
    ctx.clock.now += 10 * 60_000;

    expect(await check(ctx, code)).toMatchObject({ ok: false, reason: 'expired', errorCode: 'code_expired' });
  });

  it("refuses someone else's code as other_user and leaves it valid for its owner", async () => {
    const ctx = buildService();
    const bobsCode = await issueFor(ctx, dummyBob.upn);

    const byAlice = await check(ctx, bobsCode, dummyAlice);
    const byBob = await check(ctx, bobsCode, dummyBob);

    expect(byAlice).toMatchObject({ ok: false, reason: 'other_user', errorCode: 'code_other_user' });
    expect(byBob.ok).toBe(true);
  });

  it('says only why the check failed: the result card says "not verified" and what to do', async () => {
    const ctx = buildService();

    const result = await check(ctx, '000 000');

    expect(result.ok).toBe(false);
    expect(!result.ok && english.text(result.message)).toBe('That code is not valid.');
  });

  it('answers a malformed entry with the format hint and does not count it', async () => {
    const ctx = buildService();
    for (let i = 0; i < 6; i += 1) await check(ctx, '12345');

    const result = await check(ctx, 'not a code');

    expect(result).toMatchObject({ ok: false, reason: 'malformed', errorCode: 'code_invalid' });
    expect(!result.ok && english.text(result.message)).toContain('6 digits, like 482 913');
    expect(ctx.events.emitted).toEqual([]);
  });

  it('emits VerificationSucceeded with the issuer and the chat, at Informational', async () => {
    const ctx = buildService();
    const code = await issueFor(ctx);

    await check(ctx, code, dummyAlice, dummyChatThreadId);

    expect(ctx.events.emitted.at(-1)).toEqual({
      EventType: 'VerificationSucceeded',
      Severity: 'Informational',
      Source: 'verification',
      ChatThreadId: dummyChatThreadId,
      VictimAccountObjectId: dummyAlice.aadObjectId,
      VictimUPN: dummyAlice.upn,
      Details: { issuerObjectId: dummyStaff.aadObjectId, issuerName: 'Dana Helpdesk', issuedMinutesAgo: 0 },
    });
  });

  it.each([
    ['wrong', '111 111'],
    ['used', 'USED'],
  ])('emits VerificationFailed with reason %s at Medium', async (reason, typed) => {
    const ctx = buildService();
    const code = await issueFor(ctx);
    await check(ctx, code);

    await check(ctx, typed === 'USED' ? code : typed, dummyAlice, dummyChatThreadId);

    expect(ctx.events.emitted.at(-1)).toMatchObject({
      EventType: 'VerificationFailed',
      Severity: 'Medium',
      ChatThreadId: dummyChatThreadId,
      Details: { reason, afterWarning: false, failuresInWindow: 1 },
    });
  });

  it('raises a failure in a chat that had a first-contact warning to High', async () => {
    const ctx = buildService();
    ctx.warned.add(`${dummyAlice.aadObjectId}|${dummyChatThreadId}`);

    const result = await check(ctx, '111 111', dummyAlice, dummyChatThreadId);

    expect(result).toMatchObject({ ok: false, afterWarning: true });
    expect(ctx.events.emitted.at(-1)).toMatchObject({ EventType: 'VerificationFailed', Severity: 'High' });
  });

  it('names the intended user in the event for an other_user failure, never to the checking user', async () => {
    const ctx = buildService();
    const bobsCode = await issueFor(ctx, dummyBob.upn);

    const result = await check(ctx, bobsCode, dummyAlice);

    expect(JSON.stringify(result)).not.toContain(dummyBob.aadObjectId);
    expect(ctx.events.emitted.at(-1)?.Details).toMatchObject({
      reason: 'other_user',
      intendedUserObjectId: dummyBob.aadObjectId,
    });
  });

  it('still answers when the event outbox fails, and logs the failure', async () => {
    const ctx = buildService({ events: { emit: async () => Promise.reject(new Error('outbox down')) } });
    const code = await issueFor(ctx);

    const result = await check(ctx, code);

    expect(result.ok).toBe(true);
    expect(ctx.log.lines.join('')).toContain('verification event could not be emitted');
  });
});
