import {
  DEFAULT_LIFETIME_MS,
  resourceWithModel,
  TEAMS_CHAT_MAX_LIFETIME_MS,
} from '../../../../../src/graph/subscriptions/subscription-limits';

describe('resourceWithModel', () => {
  it.each([
    ['/chats/getAllMembers', 'A', '/chats/getAllMembers?model=A'],
    ['/chats/getAllMembers', 'B', '/chats/getAllMembers?model=B'],
    ['/chats/getAllMembers', 'evaluation', '/chats/getAllMembers'],
    ['chats/getallmembers', 'A', 'chats/getallmembers?model=A'],
    // teams-licenses lists no payment model for /chats.
    ['/chats', 'A', '/chats'],
  ] as const)('%s with model %s is %s', (resource, model, expected) => {
    expect(resourceWithModel(resource, model)).toBe(expected);
  });
});

describe('subscription lifetime', () => {
  it('is the documented 4,320 minutes, and the default asks 15 minutes less', () => {
    expect(TEAMS_CHAT_MAX_LIFETIME_MS).toBe(4_320 * 60_000);
    expect(TEAMS_CHAT_MAX_LIFETIME_MS - DEFAULT_LIFETIME_MS).toBe(15 * 60_000);
  });
});
