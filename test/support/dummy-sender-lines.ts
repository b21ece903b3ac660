/**
 * Sender lines for `helpdesk-guard score` that exercise every path of its line logic, with
 * what the output must say for each.
 */
const DUMMY_NAMES = [
  'IT Helpdesk',
  'Anna Schmidt',
  'Мicrosoft Support', // Cyrillic М
  'Jürgen Groß',
  '山田 太郎',
  'Sécurité 🔒 Team',
  'Pat "Q" O\\Neil',
  'Help\u200bDesk',
  'x\ud800y', // a lone surrogate: JSON.stringify escapes it
];

export interface DummySenderLine {
  bytes: Buffer;
  /** What the line's output says: its displayName, or its error line. */
  expected?: { displayName: string } | { error: string };
}

/**
 * About 3 MB of sender lines: \n, \r\n and lone \r endings, blank lines, bad lines, a
 * line longer than an output buffer, invalid UTF-8, and no newline after the last line.
 */
export const dummySenderLines = (count: number): DummySenderLine[] =>
  Array.from({ length: count }, (_, i): DummySenderLine => {
    const lineNumber = i + 1;
    const ending = i === count - 1 ? '' : i % 23 === 0 ? '\r\n' : i % 29 === 0 ? '\r' : '\n';
    const line = (text: string, expected?: DummySenderLine['expected']): DummySenderLine => ({
      bytes: Buffer.from(text + ending),
      expected,
    });
    if (i % 97 === 13) return line('not json', { error: `line ${lineNumber}: not JSON` });
    if (i % 89 === 7)
      return line(JSON.stringify({ displayName: i }), {
        error: `line ${lineNumber}: displayName must be a string`,
      });
    if (i % 31 === 5) return line(i % 2 === 0 ? ' ' : ' \t ');
    if (i === 7_001) {
      const displayName = `IT Support ${'x'.repeat(90_000)}`;
      return line(JSON.stringify({ displayName }), { displayName });
    }
    if (i === 9_002)
      return {
        bytes: Buffer.concat([
          Buffer.from('{"displayName":"Bad '),
          Buffer.from([0xff, 0xc3]),
          Buffer.from(` Byte"}${ending}`),
        ]),
        expected: { displayName: 'Bad \ufffd\ufffd Byte' },
      };
    const displayName = `${DUMMY_NAMES[i % DUMMY_NAMES.length]} ${i}`;
    return line(
      JSON.stringify({
        displayName,
        upn: i % 3 === 0 ? null : `user${i}@tenant${i % 40}.onmicrosoft.com`,
        tenantId: i % 10 === 0 ? 'home' : i % 10 === 1 ? 'partner' : `tenant-${i % 40}`,
      }),
      { displayName },
    );
  });
