import { X509Certificate } from 'node:crypto';
import { HelpdeskGuardError } from '../../errors';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/;

/**
 * The `encryptionCertificate` Graph wants: "a base64-encoded representation of a
 * certificate" with the public key it encrypts resource data with, i.e. the DER bytes in
 * base64 without PEM armour or line breaks. Accepts a PEM certificate or base64 DER and
 * checks that it parses, so a private key, a PEM with its armour or a truncated value is
 * refused at start-up instead of by Graph at every subscription attempt.
 */
export const normaliseEncryptionCertificate = (input: string): string => {
  const body = PEM_BLOCK.exec(input)?.[1] ?? input;
  const base64 = body.replace(/\s+/g, '');
  let certificate: X509Certificate | undefined;
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    try {
      certificate = new X509Certificate(Buffer.from(base64, 'base64'));
    } catch {
      // Reported below with the fix; the parser's message names no field an operator knows.
      certificate = undefined;
    }
  }
  if (!certificate) {
    throw new HelpdeskGuardError(
      'config_invalid',
      'graph subscriptions: the encryption certificate is not an X.509 certificate; ' +
        'give the public certificate as PEM (-----BEGIN CERTIFICATE-----) or as base64 DER, never the private key',
    );
  }
  return certificate.raw.toString('base64');
};
