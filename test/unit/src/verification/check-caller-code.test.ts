import { message } from '../../../../src/i18n/translations';
import { checkCallerCode } from '../../../../src/verification/check-caller-code';
import type { CheckCodeResult } from '../../../../src/verification/verification-results';
import { TENANT, USER, WARNED_CHAT, logWithWarning } from '../reports/warned-chat';

const GENUINE: CheckCodeResult = {
  ok: true,
  issuerName: 'Megan Bowen',
  issuedMinutesAgo: 2,
} as CheckCodeResult;
const refusal = (reason: string): CheckCodeResult =>
  ({ ok: false, reason, message: message('verification.check.wrong') }) as CheckCodeResult;

/** A verification service that answers `result` and remembers what it was asked. */
const answering = (result: CheckCodeResult) => {
  const asked: Array<{ chatThreadId?: string; code: string }> = [];
  return {
    asked,
    verification: {
      checkCode: async (input: { chatThreadId?: string; code: string }) => {
        asked.push({ chatThreadId: input.chatThreadId, code: input.code });
        return result;
      },
    },
  };
};

describe('checkCallerCode', () => {
  it('checks against a chat only when the user was warned about it, and records the outcome, never the code', async () => {
    const firstContacts = await logWithWarning();
    const { verification, asked } = answering(GENUINE);

    const outcome = await checkCallerCode(
      { verification, firstContacts },
      { tenantId: TENANT, userId: USER, code: '482913', chatThreadId: WARNED_CHAT },
    );

    expect(outcome).toEqual({ result: GENUINE, chatThreadId: WARNED_CHAT });
    expect(asked).toEqual([{ chatThreadId: WARNED_CHAT, code: '482913' }]);
    const attempts = (await firstContacts.get(TENANT, USER, WARNED_CHAT))?.verificationAttempts;
    expect(attempts).toEqual([{ at: expect.any(Number), outcome: 'genuine' }]);
    expect(JSON.stringify(attempts)).not.toContain('482913');
  });

  it('drops a chat ID the user was not warned about: no chat in the check, nothing recorded', async () => {
    const firstContacts = await logWithWarning();
    const { verification, asked } = answering(refusal('wrong'));

    const outcome = await checkCallerCode(
      { verification, firstContacts },
      { tenantId: TENANT, userId: USER, code: '111111', chatThreadId: '19:undelivered@unq.gbl.spaces' },
    );

    expect(outcome.chatThreadId).toBeUndefined();
    expect(asked).toEqual([{ chatThreadId: undefined, code: '111111' }]);
    expect(
      (await firstContacts.get(TENANT, USER, '19:undelivered@unq.gbl.spaces'))?.verificationAttempts,
    ).toEqual([]);
  });

  it.each(['wrong', 'expired', 'used', 'other_user', 'locked_out'])(
    'records a %s attempt on the warned chat',
    async (reason) => {
      const firstContacts = await logWithWarning();

      await checkCallerCode(
        { verification: answering(refusal(reason)).verification, firstContacts },
        { tenantId: TENANT, userId: USER, code: '123456', chatThreadId: WARNED_CHAT },
      );

      expect((await firstContacts.get(TENANT, USER, WARNED_CHAT))?.verificationAttempts).toEqual([
        { at: expect.any(Number), outcome: reason },
      ]);
    },
  );

  it('does not count input that was not a code (malformed) as an attempt', async () => {
    const firstContacts = await logWithWarning();

    const outcome = await checkCallerCode(
      { verification: answering(refusal('malformed')).verification, firstContacts },
      { tenantId: TENANT, userId: USER, code: 'hello', chatThreadId: WARNED_CHAT },
    );

    expect(outcome.chatThreadId).toBe(WARNED_CHAT);
    expect((await firstContacts.get(TENANT, USER, WARNED_CHAT))?.verificationAttempts).toEqual([]);
  });
});
