/**
 * fast-check arbitraries of what reaches the Graph notification routes: collections of
 * basic, rich and lifecycle notifications as Graph builds them (right and wrong client
 * state, good, stale and forged validation tokens, encrypted content intact or tampered),
 * mutated, and the validation handshake with any token.
 */
import fc from 'fast-check';
import { DUMMY_HOME_TENANT, DUMMY_OTHER_TENANT } from './activities';
import { mostly, mutated, type Json } from './fuzz-inputs';
import {
  DUMMY_CLIENT_STATE,
  dummyChangeNotification,
  dummyLifecycleNotification,
  dummyRichNotification,
  type EncryptionKeyPair,
} from './graph-notification-builder';

/** Validation tokens made beforehand (signing is asynchronous, arbitraries are not). */
export interface FuzzTokens {
  valid: string;
  expired: string;
  stranger: string;
}

const clientState = fc.oneof(
  { weight: 4, arbitrary: fc.constant(DUMMY_CLIENT_STATE) },
  fc.constantFrom('', 'hg-dummy-client-state-7Qe2Lw9Xc4RX', DUMMY_CLIENT_STATE.toUpperCase()),
  fc.string({ maxLength: 130 }),
);

const tenantId = fc.oneof(
  { weight: 4, arbitrary: fc.constant(DUMMY_HOME_TENANT) },
  fc.constant(DUMMY_OTHER_TENANT),
);

/** One change notification: basic or rich, from our tenant or not, with its tokens or others. */
const changeNotification = (key: EncryptionKeyPair, tokens: FuzzTokens): fc.Arbitrary<Json> =>
  fc
    .tuple(
      fc.boolean(),
      clientState,
      tenantId,
      fc.constantFrom<Array<keyof FuzzTokens | 'none'>>('valid', 'expired', 'stranger', 'none'),
      fc.constantFrom('created', 'updated', 'deleted'),
    )
    .map(([rich, state, tenant, token, changeType]) => {
      const overrides = { clientState: state, tenantId: tenant, changeType };
      if (!rich) return dummyChangeNotification(overrides) as unknown as Json;
      const notification = dummyRichNotification(key, undefined, overrides) as unknown as Json;
      return token === 'none' ? notification : { ...notification, _token: tokens[token] };
    });

/** A collection as Graph posts it; rich items put their token in `validationTokens` at the top. */
export const anyNotificationCollection = (
  key: EncryptionKeyPair,
  tokens: FuzzTokens,
): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(mutated(changeNotification(key, tokens), 2), { minLength: 1, maxLength: 4 })
        .map((items) => {
          const validationTokens = items.flatMap((item) =>
            typeof item._token === 'string' ? [item._token] : [],
          );
          const value = items.map(({ _token, ...item }) => item);
          return validationTokens.length > 0 ? { value, validationTokens } : { value };
        }),
    },
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ value: mostly(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })) }),
  );

/** A lifecycle collection: reauthorizationRequired, subscriptionRemoved, missed, or junk events. */
export const anyLifecycleCollection: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(
        mutated(
          fc
            .tuple(
              clientState,
              tenantId,
              fc.oneof(
                fc.constantFrom('reauthorizationRequired', 'subscriptionRemoved', 'missed'),
                fc.string({ maxLength: 20 }),
              ),
            )
            .map(
              ([state, tenant, lifecycleEvent]) =>
                dummyLifecycleNotification({
                  clientState: state,
                  tenantId: tenant,
                  lifecycleEvent,
                }) as unknown as Json,
            ),
          2,
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((value) => ({ value })),
  },
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * Graph's endpoint validation: any token, percent-encoded as Graph sends it (`token` is
 * then what must come back) or raw and broken, with any content type.
 */
export const anyHandshake = fc.record({
  sent: fc.oneof(
    fc.string({ maxLength: 200 }).map((token) => ({
      token: token || undefined,
      query: `validationToken=${encodeURIComponent(token)}`,
    })),
    fc
      .string({ maxLength: 60 })
      .map((raw) => ({ token: undefined, query: `validationToken=${raw.replace(/[#\s]/g, '')}` })),
    fc
      .constantFrom('validationToken=', 'validationToken', 'validationtoken=x', 'a=1&validationToken=%ZZ')
      .map((query) => ({ token: undefined, query })),
  ) as fc.Arbitrary<{ token?: string; query: string }>,
  contentType: fc.constantFrom('text/plain; charset=utf-8', 'text/plain', 'application/json', ''),
});
