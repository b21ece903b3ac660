import { createHash, timingSafeEqual } from 'node:crypto';
import { HelpdeskGuardError } from '../../errors';

const digestOf = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * A check of a notification's `clientState` against ours, in constant time: both sides are
 * hashed first, so neither a different length nor a matching prefix answers any faster.
 * `clientState` is the only proof a basic notification came from Graph (webhooks docs).
 */
export const createClientStateCheck = (expected: string) => {
  if (expected.length === 0)
    throw new HelpdeskGuardError(
      'config_invalid',
      'The Graph clientState is empty: set GRAPH_CLIENT_STATE to a random secret',
    );
  const want = digestOf(expected);
  return (given: string | undefined): boolean =>
    given !== undefined && timingSafeEqual(want, digestOf(given));
};

export type ClientStateCheck = ReturnType<typeof createClientStateCheck>;
