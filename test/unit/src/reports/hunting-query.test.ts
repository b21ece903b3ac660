import { huntingQueryFor, kqlStringLiteral } from '../../../../src/reports/hunting-query';
import { dummyChatThreadId } from './fake-report-deps';

describe('kqlStringLiteral', () => {
  it.each([
    ['a thread ID as is', '19:abc_def@unq.gbl.spaces', '"19:abc_def@unq.gbl.spaces"'],
    ['a double quote escaped', 'a"b', '"a\\"b"'],
    ['a backslash escaped', 'a\\b', '"a\\\\b"'],
    ['a backslash before a quote, both escaped', 'a\\"; drop', '"a\\\\\\"; drop"'],
    ['a line feed and a tab escaped', 'a\nb\tc', '"a\\nb\\tc"'],
    ['a carriage return and NUL replaced', 'a\rb\u0000c', '"a\ufffdb\ufffdc"'],
    ['a single quote left alone', "a'b", '"a\'b"'],
  ])('writes %s', (_what, value, expected) => {
    expect(kqlStringLiteral(value)).toBe(expected);
  });

  it('never lets a value end the literal early', () => {
    const literal = kqlStringLiteral('x" | take 1 //\n"');
    const body = literal.slice(1, -1);

    // Every quote inside is preceded by an odd number of backslashes.
    expect(body.match(/(?<!\\)(\\\\)*"/g)).toBeNull();
  });
});

describe('huntingQueryFor', () => {
  const query = huntingQueryFor(dummyChatThreadId);

  it('binds the thread ID once, as a literal', () => {
    expect(query.split('\n')[0]).toBe(`let threadId = "${dummyChatThreadId}";`);
    expect(query.split(dummyChatThreadId)).toHaveLength(2);
  });

  it('filters MessageEvents on ThreadId', () => {
    expect(query).toMatch(/^MessageEvents$/m);
    expect(query).toContain('ThreadId == threadId');
  });

  it('joins CloudAppEvents ChatCreated on RawEventData.ChatThreadId', () => {
    expect(query).toContain('ActionType == "ChatCreated"');
    expect(query).toContain('tostring(RawEventData.ChatThreadId)');
    expect(query).toContain('on $left.ThreadId == $right.ChatThreadId');
  });

  it('escapes a hostile thread ID', () => {
    expect(huntingQueryFor('19:x"; CloudAppEvents | take 1; let y="@thread.v2').split('\n')[0]).toBe(
      'let threadId = "19:x\\"; CloudAppEvents | take 1; let y=\\"@thread.v2";',
    );
  });
});
