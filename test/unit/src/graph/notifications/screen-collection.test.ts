import {
  createClientStateCheck,
  parseNotificationCollection,
  screenCollection,
  type ParsedCollection,
  type TokenCheck,
} from '../../../../../src/graph/notifications';
import { DUMMY_HOME_TENANT } from '../../../../support/activities';
import {
  DUMMY_CLIENT_STATE,
  createEncryptionKey,
  dummyChangeNotification,
  dummyRichNotification,
} from '../../../../support/graph-notification-builder';

const key = createEncryptionKey('hg-notifications-test');

/** A token check that answers `answer` and records what it was asked. */
const fakeTokenCheck = (answer: TokenCheck) => {
  const calls: Array<readonly string[] | undefined> = [];
  return {
    calls,
    checkTokens: async (tokens: readonly string[] | undefined) => {
      calls.push(tokens);
      return answer;
    },
  };
};

const collectionOf = (body: unknown): ParsedCollection => {
  const parsed = parseNotificationCollection(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.collection;
};

const screen = (body: unknown, tokens: ReturnType<typeof fakeTokenCheck>) =>
  screenCollection(collectionOf(body), 'change', {
    clientStateMatches: createClientStateCheck(DUMMY_CLIENT_STATE),
    tenantId: DUMMY_HOME_TENANT,
    checkTokens: tokens.checkTokens,
  });

describe('screenCollection', () => {
  it('accepts basic notifications without asking for tokens', async () => {
    const tokens = fakeTokenCheck({ ok: false, reason: 'x', retryable: false });

    const result = await screen({ value: [dummyChangeNotification()] }, tokens);

    expect(result).toMatchObject({ retry: false, dropped: [], accepted: [{ index: 0 }] });
    expect(tokens.calls).toEqual([]);
  });

  it('checks the tokens once a rich notification is kept', async () => {
    const tokens = fakeTokenCheck({ ok: true });

    const result = await screen({ value: [dummyRichNotification(key)], validationTokens: ['t1'] }, tokens);

    expect(result).toMatchObject({ retry: false, accepted: [{ index: 0 }] });
    expect(tokens.calls).toEqual([['t1']]);
  });

  it('checks tokens that come with basic notifications too', async () => {
    const tokens = fakeTokenCheck({
      ok: false,
      reason: 'validation token 1: the token has expired',
      retryable: false,
    });

    const result = await screen({ value: [dummyChangeNotification()], validationTokens: ['t1'] }, tokens);

    expect(result).toEqual({
      retry: false,
      accepted: [],
      dropped: [
        expect.objectContaining({
          reason: 'validation_token_invalid',
          detail: expect.stringContaining('expired'),
        }),
      ],
    });
  });

  it('drops every item of the collection when a token fails', async () => {
    const tokens = fakeTokenCheck({ ok: false, reason: 'bad', retryable: false });
    const body = { value: [dummyRichNotification(key), dummyChangeNotification()], validationTokens: ['t1'] };

    const result = await screen(body, tokens);

    expect(result).toMatchObject({ accepted: [], dropped: [{ index: 0 }, { index: 1 }] });
  });

  it('asks for a retry when the tokens could not be checked on our side', async () => {
    const tokens = fakeTokenCheck({ ok: false, reason: 'keys', retryable: true });

    const result = await screen({ value: [dummyRichNotification(key)], validationTokens: ['t1'] }, tokens);

    expect(result).toEqual({ retry: true, reason: 'keys' });
  });

  it('does not check tokens when nothing is left to accept', async () => {
    const tokens = fakeTokenCheck({ ok: true });

    await screen(
      { value: [dummyRichNotification(key, undefined, { clientState: 'forged' })], validationTokens: ['t'] },
      tokens,
    );

    expect(tokens.calls).toEqual([]);
  });

  it.each([
    ['a wrong clientState', { clientState: 'forged' }, 'client_state_mismatch'],
    ['no clientState', { clientState: undefined }, 'client_state_mismatch'],
    [
      'a clientState that only starts like ours',
      { clientState: `${DUMMY_CLIENT_STATE}x` },
      'client_state_mismatch',
    ],
    ['another tenant', { tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }, 'tenant_refused'],
    ['a lifecycle event', { lifecycleEvent: 'missed' }, 'wrong_endpoint'],
    ['a broken shape', { resource: 7 }, 'item_invalid'],
  ])('drops an item with %s', async (_name, change, reason) => {
    const result = await screen(
      { value: [{ ...dummyChangeNotification(), ...change }] },
      fakeTokenCheck({ ok: true }),
    );

    expect(result).toMatchObject({ accepted: [], dropped: [{ index: 0, reason }] });
  });
});
