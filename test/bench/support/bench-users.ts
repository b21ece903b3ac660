import { DUMMY_HOME_TENANT } from '../../support/activities';
import { dummySignal } from '../../support/signals';

/** Bench user i of run `run`: a distinct Entra object ID, 1:1 conversation and signal. */
export const benchUserId = (run: number, i: number): string =>
  `${String(run).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

export const benchConversationId = (run: number, i: number): string => `a:bench-${run}-${i}`;

export const benchUser = (run: number, i: number) => ({
  tenantId: DUMMY_HOME_TENANT,
  aadObjectId: benchUserId(run, i),
});

/** The webhook body telling user i that "IT Helpdesk" from another tenant opened a chat. */
export const benchSignalBody = (run: number, i: number): string =>
  JSON.stringify(
    dummySignal({ recipient: { aadObjectId: benchUserId(run, i), upn: `user${i}@contoso.com` } }),
  );
