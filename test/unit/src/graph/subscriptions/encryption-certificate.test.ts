import { generateKeyPairSync } from 'node:crypto';
import { isGuardError } from '../../../../../src/errors';
import { normaliseEncryptionCertificate } from '../../../../../src/graph/subscriptions/encryption-certificate';
import { DUMMY_ENCRYPTION_CERTIFICATE_PEM } from '../../../../support/fake-graph-subscriptions';

const dummyDer = DUMMY_ENCRYPTION_CERTIFICATE_PEM.replace(/-----[A-Z ]+-----|\s/g, '');

describe('normaliseEncryptionCertificate', () => {
  it.each([
    ['a PEM certificate', DUMMY_ENCRYPTION_CERTIFICATE_PEM],
    ['base64 DER', dummyDer],
    ['base64 DER with line breaks', dummyDer.replace(/(.{64})/g, '$1\n')],
  ])('turns %s into base64 DER on one line', (_case, input) => {
    expect(normaliseEncryptionCertificate(input)).toBe(dummyDer);
  });

  it.each([
    [
      'a private key',
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string,
    ],
    ['a truncated certificate', dummyDer.slice(0, 200)],
    ['text', 'not a certificate'],
  ])('refuses %s as config_invalid, with the fix', (_case, input) => {
    let thrown: unknown;
    try {
      normaliseEncryptionCertificate(input);
    } catch (err) {
      thrown = err;
    }
    expect(isGuardError(thrown, 'config_invalid')).toBe(true);
    expect((thrown as Error).message).toContain('never the private key');
  });
});
