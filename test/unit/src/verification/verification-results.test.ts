import { translationsFor } from '../../../../src/i18n/translations';
import { lockoutNoticeText, type LockoutNotice } from '../../../../src/verification/verification-results';

const english = translationsFor().for('en');
const german = translationsFor().for('de');

const dummyNotice: LockoutNotice = {
  tenantId: 'd1d7a5f2-0000-4000-8000-000000000001',
  userObjectId: '00000000-0000-4000-8000-00000000a11c',
  userUpn: 'alice@contoso.com',
  chatThreadId: '19:abc_def@unq.gbl.spaces',
  failures: 5,
  retryAfterMinutes: 15,
};

describe('lockoutNoticeText', () => {
  it('says who, how often, about which chat and for how long', () => {
    expect(english.text(lockoutNoticeText(dummyNotice))).toBe(
      'Verification lockout: user alice@contoso.com failed 5 code checks about chat 19:abc_def@unq.gbl.spaces and is locked for 15 minutes.',
    );
  });

  it('names the user by object ID, and no chat, when it knows neither UPN nor chat', () => {
    const notice = {
      ...dummyNotice,
      userUpn: undefined,
      chatThreadId: undefined,
      failures: 1,
      retryAfterMinutes: 1,
    };

    expect(english.text(lockoutNoticeText(notice))).toBe(
      `Verification lockout: user ${dummyNotice.userObjectId} failed 1 code check and is locked for 1 minute.`,
    );
  });

  it('is a message, said in the language of whoever posts it', () => {
    expect(german.text(lockoutNoticeText(dummyNotice))).toBe(
      'Verifizierungssperre: Benutzer alice@contoso.com hat 5 Codeprüfungen zum Chat 19:abc_def@unq.gbl.spaces nicht bestanden und ist für 15 Minuten gesperrt.',
    );
  });

  it.each(['en', 'de', 'fr', 'es', 'pt', 'ja'])('carries counts and IDs only in %s', (language) => {
    const text = translationsFor().for(language).text(lockoutNoticeText(dummyNotice));

    expect(text).toContain('alice@contoso.com');
    expect(text).toContain('19:abc_def@unq.gbl.spaces');
    expect(text).toMatch(/15/);
    expect(text).not.toMatch(/\d{6}|\d{3} \d{3}/);
  });
});
