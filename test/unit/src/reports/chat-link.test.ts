import { isChatThreadId, parseTeamsChatLink } from '../../../../src/reports/chat-link';

const oneToOne =
  '19:a11ce000-0000-4000-8000-000000000001_e5f6a7b8-0000-4000-8000-00000000beef@unq.gbl.spaces';
const group = '19:4f0e3b2a9c8d4e7f8a1b2c3d4e5f6a7b@thread.v2';

describe('parseTeamsChatLink', () => {
  it.each([
    ['a bare 1:1 thread ID', oneToOne, oneToOne],
    ['a bare group thread ID', group, group],
    ['a bare thread ID with spaces around', `  ${oneToOne}\n`, oneToOne],
    ['a URL-encoded bare thread ID', '19%3Aabc_def%40unq.gbl.spaces', '19:abc_def@unq.gbl.spaces'],
    [
      'a chat link (Copy link)',
      `https://teams.microsoft.com/l/chat/${oneToOne}/0?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47`,
      oneToOne,
    ],
    [
      'a URL-encoded chat link',
      'https://teams.microsoft.com/l/chat/19%3Aabc_def%40unq.gbl.spaces/0?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47',
      '19:abc_def@unq.gbl.spaces',
    ],
    [
      'a chat deep link to conversations',
      `https://teams.microsoft.com/l/chat/${group}/conversations?context=%7B%22contextType%22%3A%22chat%22%7D`,
      group,
    ],
    [
      'a message link in a group chat',
      `https://teams.microsoft.com/l/message/${group}/1732698000123?context=%7B%22contextType%22%3A%22chat%22%7D`,
      group,
    ],
    [
      'a message link in a 1:1 chat, encoded',
      'https://teams.microsoft.com/l/message/19%3Aabc_def%40unq.gbl.spaces/1732698000123?tenantId=x&createdTime=1732698000123',
      '19:abc_def@unq.gbl.spaces',
    ],
    ['a link on the new Teams domain', `https://teams.cloud.microsoft/l/chat/${oneToOne}/0`, oneToOne],
    ['a link on the GCC High host', `https://gov.teams.microsoft.us/l/chat/${group}/0`, group],
    [
      'a link in angle brackets (as Teams pastes it)',
      `<https://teams.microsoft.com/l/chat/${group}/0>`,
      group,
    ],
    ['an upper-case host', `https://TEAMS.MICROSOFT.COM/l/chat/${group}/0`, group],
  ])('takes the thread ID from %s', (_what, text, expected) => {
    expect(parseTeamsChatLink(text)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['free text', 'the chat with IT Helpdesk'],
    ['another host', `https://evil.example/l/chat/${oneToOne}/0`],
    ['a look-alike host', `https://teams.microsoft.com.evil.example/l/chat/${oneToOne}/0`],
    ['a host with a Teams-like prefix', `https://eviltteams.microsoft.com/l/chat/${oneToOne}/0`],
    ['plain http', `http://teams.microsoft.com/l/chat/${oneToOne}/0`],
    ['Teams for personal use', `https://teams.live.com/l/chat/${oneToOne}/0`],
    [
      'a new-chat link without a thread',
      'https://teams.microsoft.com/l/chat/0/0?users=it@helpdesk-x.onmicrosoft.com',
    ],
    ['a meeting join link', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0'],
    [
      'a link to a channel tab, not a chat',
      `https://teams.microsoft.com/l/entity/app-id/tab?context=${group}`,
    ],
    ['a thread ID with an unknown suffix', '19:abc_def@evil.example'],
    ['a thread ID without the 19: prefix', 'abc_def@unq.gbl.spaces'],
    ['a thread ID with a space inside', '19:abc def@unq.gbl.spaces'],
    ['a malformed escape', 'https://teams.microsoft.com/l/chat/19%3Aabc%ZZ%40unq.gbl.spaces/0'],
    [
      'a Safe Links wrapper',
      `https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fteams.microsoft.com%2Fl%2Fchat%2F${encodeURIComponent(group)}%2F0`,
    ],
    ['an overly long input', `19:${'a'.repeat(5000)}@thread.v2`],
  ])('rejects %s', (_what, text) => {
    expect(parseTeamsChatLink(text)).toBeUndefined();
  });
});

describe('isChatThreadId', () => {
  it.each([oneToOne, group, '19:meeting_abc@thread.v2', '19:abc@thread.tacv2', '19:abc@thread.skype'])(
    'accepts %s',
    (id) => {
      expect(isChatThreadId(id)).toBe(true);
    },
  );

  it.each(['19:abc', '19:abc@unq.gbl.spaces/0', '19:a"b@thread.v2', ''])('rejects %s', (id) => {
    expect(isChatThreadId(id)).toBe(false);
  });
});
