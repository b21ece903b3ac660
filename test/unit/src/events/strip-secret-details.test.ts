import { isSecretKey, stripSecretDetails } from '../../../../src/events/strip-secret-details';

describe('stripSecretDetails', () => {
  it.each([
    'code',
    'VerificationCode',
    'verification_code',
    'apiToken',
    'Pass-Phrase',
    'passphrase',
    'secret',
    'password',
    'otp',
    'pass word',
  ])('treats %s as a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['Codename', 'score', 'reasons', 'Tokenizer', 'ChatThreadId', 'Reason'])('keeps %s', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('strips the same keys from every event, not only the first that names them', () => {
    const first = stripSecretDetails({ score: 0.9, VerificationCode: '493021', Codename: 'blue' });
    const again = stripSecretDetails({ score: 0.5, VerificationCode: '118204', Codename: 'red' });

    expect(again.details).toEqual({ score: 0.5, Codename: 'red' });
    expect(again.removed).toEqual(first.removed);
    expect(again.removed).toEqual(['VerificationCode']);
  });

  it('removes secret-named keys at any depth and reports their paths, not their values', () => {
    const { details, removed } = stripSecretDetails({
      score: 0.9,
      verification: { code: '493021', issuedBy: 'staff' },
      attempts: [{ phrase: 'blue horse', ok: false }],
    });

    expect(details).toEqual({ score: 0.9, verification: { issuedBy: 'staff' }, attempts: [{ ok: false }] });
    expect(removed).toEqual(['verification.code', 'attempts[0].phrase']);
    expect(JSON.stringify({ details, removed })).not.toMatch(/493021|blue horse/);
  });
});
