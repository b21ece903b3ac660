import { parseChatResource } from '../../../../../src/signals/graph/parse-chat-resource';

const dummyChatId =
  '19:3f2e1d0c-aaaa-bbbb-cccc-0123456789ab_8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@unq.gbl.spaces';
const dummyMemberId = 'MCMjMiMjMGQyZjBiOGUtNWMzYS00ZTFiLTlmN2QtNmE1YjRjM2QyZTFmIyMxOTozZjJlMWQwYw==';

describe('parseChatResource', () => {
  it.each([
    ['the OData key form Graph sends', `chats('${dummyChatId}')`],
    ['the path form', `chats/${dummyChatId}`],
    ['a leading slash', `/chats('${dummyChatId}')`],
    ['a percent-encoded key', `chats('${encodeURIComponent(dummyChatId)}')`],
    ['a capitalised segment', `Chats('${dummyChatId}')`],
  ])('reads the chat from %s', (_case, resource) => {
    expect(parseChatResource(resource)).toEqual({ chatId: dummyChatId });
  });

  it.each([
    ['the OData key form Graph sends', `chats('${dummyChatId}')/members('${dummyMemberId}')`],
    ['the path form', `chats/${dummyChatId}/members/${dummyMemberId}`],
  ])('reads the chat and the opaque membership ID from %s', (_case, resource) => {
    expect(parseChatResource(resource)).toEqual({ chatId: dummyChatId, memberId: dummyMemberId });
  });

  it('keeps the case of a group chat ID, whose base64 part is case-sensitive', () => {
    expect(parseChatResource("chats('19:meeting_MjdhNjM4YzUtYzExZi00OTFk@thread.v2')")).toEqual({
      chatId: '19:meeting_MjdhNjM4YzUtYzExZi00OTFk@thread.v2',
    });
  });

  it.each([
    ['a message resource', `chats('${dummyChatId}')/messages('1616990032035')`],
    ['the subscription resource itself', '/chats/getAllMembers'],
    ['a team', "teams('fbe2bf47-16c8-47cf-b4a5-4b9b187c508b')"],
    ['a chat ID that is no thread ID', "chats('not-a-chat')"],
    ['a malformed escape', "chats('19%3Aabc%ZZ@unq.gbl.spaces')"],
    ['an empty string', ''],
    ['no string at all', 42],
  ])('refuses %s', (_case, resource) => {
    expect(parseChatResource(resource)).toBeUndefined();
  });
});
