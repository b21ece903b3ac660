import { signBody } from '../../src/signals/signature';
import { DUMMY_OTHER_TENANT, DUMMY_USER_ID } from './activities';

export const DUMMY_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

let threadCounter = 0;

/** A fresh, valid one-to-one chat thread ID. */
export const dummyThreadId = (): string => {
  threadCounter += 1;
  return `19:${String(threadCounter).padStart(8, '0')}-aaaa-bbbb-cccc-0123456789ab_${DUMMY_USER_ID}@unq.gbl.spaces`;
};

/** A webhook body as DESIGN.md shows it, with overrides. */
export const dummySignal = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  chatThreadId: dummyThreadId(),
  observedAt: new Date().toISOString(),
  source: 'sentinel',
  sender: {
    displayName: 'IT Helpdesk',
    upn: 'it@helpdesk-fabrikam.onmicrosoft.com',
    tenantId: DUMMY_OTHER_TENANT,
  },
  recipient: { aadObjectId: DUMMY_USER_ID, upn: 'alice@contoso.com' },
  ...overrides,
});

/** Signs a raw body the way a SIEM playbook must (X-Timestamp, X-Signature-256). */
export const signedHeaders = (
  body: string,
  secret = DUMMY_WEBHOOK_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
) => ({
  'content-type': 'application/json',
  'x-timestamp': String(timestamp),
  'x-signature-256': signBody(secret, timestamp, body),
});
