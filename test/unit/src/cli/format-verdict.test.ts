/**
 * The score command writes its JSON by hand for speed: it must be exactly what
 * JSON.stringify writes, escapes included, and must split input lines as readline does.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../../../src/cli';
import { formatExplanation, formatVerdict, jsonString } from '../../../../src/cli/score-command';
import { createDetector, type Explanation, type Verdict } from '../../../../src/detection';
import { REASON_CODES } from '../../../../src/detection/policy/reasons';

const TRICKY = [
  'plain',
  '"quoted" name',
  'back\\slash \\"',
  'tab\there, new\nline, cr\r, nul\u0000, unit\u001f, del\u007f',
  'emoji 😀 and 𝐇𝐞𝐥𝐩𝐝𝐞𝐬𝐤',
  'lone \ud800 high and \udc00 low',
  'separators \u2028\u2029 and bidi \u202e',
  '',
];

describe('jsonString', () => {
  it.each(TRICKY.map((text) => [text]))('writes %p as JSON.stringify does', (text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
    // Lone surrogates come back as they went in: JSON.stringify escapes them as \uXXXX.
    expect(JSON.parse(jsonString(text))).toBe(text);
  });
});

describe('formatVerdict', () => {
  const detector = createDetector({ homeTenantId: 'home', trustedTenantIds: [] });

  it('writes reason codes as they are: every code is JSON-safe', () => {
    for (const code of REASON_CODES) expect(JSON.stringify(code)).toBe(`"${code}"`);
    expect(REASON_CODES.every((code) => /^[a-z_]+$/.test(code))).toBe(true);
  });
  const reference = (displayName: string, verdict: Verdict): string =>
    JSON.stringify({
      displayName,
      verdict: verdict.verdict,
      score: verdict.score,
      reasons: verdict.reasons.map(({ code, message }) => ({ code, message })),
      ...(verdict.imitates ? { imitates: verdict.imitates } : {}),
    });

  it.each(
    [...TRICKY, 'IT "Help" desk\\', 'Micorsoft\u0007 Support 😀', '\u202eksedpleH "x"'].map((name) => [name]),
  )('round-trips %p through JSON.parse, byte for byte as JSON.stringify', (displayName) => {
    const verdict = detector.score({ displayName, upn: `a"b\\c@x.onmicrosoft.com` });
    const line = formatVerdict(displayName, verdict);
    expect(line).toBe(reference(displayName, verdict));
    const parsed = JSON.parse(line) as {
      displayName: string;
      reasons: Array<{ code: string; message: string }>;
    };
    expect(parsed.displayName).toBe(displayName);
    expect(parsed.reasons.map((reason) => reason.message)).toEqual(
      verdict.reasons.map((reason) => reason.message),
    );
  });
});

describe('formatExplanation', () => {
  const detector = createDetector({
    homeTenantId: 'home',
    trustedTenantIds: [],
    partnerHelpdesks: [{ name: 'Partner "Desk"', tenantIds: ['partner'] }],
  });
  const reference = (displayName: string, explained: Explanation): string =>
    JSON.stringify({
      displayName,
      verdict: explained.verdict,
      score: explained.score,
      threshold: explained.threshold,
      parts: explained.parts,
      reasons: explained.reasons.map(({ code, message, weight }) => ({ code, message, weight: weight ?? 0 })),
      ...(explained.imitates ? { imitates: explained.imitates } : {}),
      ...(explained.partner ? { partner: explained.partner } : {}),
    });

  it.each(
    [...TRICKY, 'IT "Help" desk\\', 'Micorsoft\u0007 Support 😀'].flatMap((name) => [
      [name, 'x'],
      [name, 'partner'],
    ]),
  )('writes %p (tenant %p) as JSON.stringify would, weights included', (displayName, tenantId) => {
    const explained = detector.explain({ displayName, upn: `a"b\\c@x.onmicrosoft.com`, tenantId });
    expect(formatExplanation(displayName, explained)).toBe(reference(displayName, explained));
  });
});

describe('score command input splitting', () => {
  const run = async (chunks: Array<string | Buffer>) => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    for (const chunk of chunks) stdin.write(chunk);
    stdin.end();
    const code = await main(['score'], { stdin, stdout, stderr });
    const text = Buffer.concat(out).toString('utf8');
    return {
      code,
      lines: text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  };

  it('joins a multi-byte character and a \\r\\n split across chunks', async () => {
    const bytes = Buffer.from(`{"displayName":"Zoë 😀 Ηelpdesk"}\r\n{"displayName":"Anna"}\r`, 'utf8');
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    const crlf = bytes.indexOf(13);
    const { code, lines } = await run([
      bytes.subarray(0, cut),
      bytes.subarray(cut, crlf + 1),
      bytes.subarray(crlf + 1),
    ]);
    expect(code).toBe(0);
    expect(lines.map((line) => line.displayName)).toEqual(['Zoë 😀 Ηelpdesk', 'Anna']);
  });

  it('counts lines split by a lone \\r, as readline does, and scores a last line without newline', async () => {
    const { code, lines } = await run(['{"displayName":"a"}\rnot json\n\n{"displayName":"b"}']);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({ displayName: 'a' }),
      { error: 'line 2: not JSON' },
      expect.objectContaining({ displayName: 'b' }),
    ]);
  });
});
