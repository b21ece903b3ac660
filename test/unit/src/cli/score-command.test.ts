import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../../src/cli';
import { defaultJobs, parseScoreFlags, parseSenderLine } from '../../../../src/cli/score-command';

const root = join(__dirname, '../../../..');
const dummyHome = 'home-tenant-id';

/** Runs main() over in-memory streams; resolves with the exit code and what was written. */
const runMain = async (argv: string[], input: string | Buffer[], env: Record<string, string> = {}) => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  if (typeof input === 'string') stdin.end(input);
  else {
    // Piece by piece, each read on its own (a character's bytes may come apart).
    void (async () => {
      for (const piece of input) {
        stdin.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      stdin.end();
    })();
  }
  const code = await main(argv, { stdin, stdout, stderr, env });
  return {
    code,
    out,
    err,
    lines: out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

const jsonl = (...rows: unknown[]): string =>
  rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n') + '\n';

describe('helpdesk-guard score (main)', () => {
  it('writes one verdict per line, in order, with reasons as {code, message}', async () => {
    const { code, lines } = await runMain(
      ['score', '--home-tenant', dummyHome],
      jsonl(
        { displayName: 'IT Helpdesk', upn: 'it@x.onmicrosoft.com', tenantId: 'other' },
        { displayName: 'Anna Schmidt', upn: 'anna@fabrikam.com', tenantId: 'other' },
      ),
    );
    expect(code).toBe(0);
    expect(lines.map((line) => [line.displayName, line.verdict])).toEqual([
      ['IT Helpdesk', 'warn'],
      ['Anna Schmidt', 'none'],
    ]);
    expect(lines[0].reasons).toContainEqual({ code: 'helpdesk_role', message: expect.any(String) });
  });

  it('never warns about the home tenant or a trusted tenant', async () => {
    const { lines } = await runMain(
      ['score', '--home-tenant', dummyHome, '--trusted', 'partner-a,partner-b'],
      jsonl(
        { displayName: 'IT Helpdesk', tenantId: dummyHome },
        { displayName: 'Microsoft Support', tenantId: 'partner-b' },
      ),
    );
    expect(lines.map((line) => line.verdict)).toEqual(['none', 'none']);
    expect(lines.map((line) => (line.reasons as Array<{ code: string }>)[0].code)).toEqual([
      'internal_sender',
      'trusted_tenant',
    ]);
  });

  it('scores in-thread with --jobs N when run from TypeScript source (as here, under jest)', async () => {
    const input = jsonl({ displayName: 'IT Helpdesk' }, 'not json', { displayName: 'Anna Schmidt' });
    const inThread = await runMain(['score', '--jobs', '1'], input);
    const withJobs = await runMain(['score', '--jobs', '4'], input);
    expect(withJobs.out).toBe(inThread.out);
    expect(withJobs.lines).toHaveLength(3);
  });

  it('reads past a byte order mark at the start, even one that comes a byte at a time', async () => {
    const input = Buffer.from(
      `\uFEFF${jsonl({ displayName: 'IT Helpdesk' }, { displayName: 'Anna Schmidt' })}`,
    );
    for (const pieces of [
      [input],
      [...input.subarray(0, 3)].map((byte) => Buffer.from([byte])).concat(input.subarray(3)),
    ]) {
      const { code, err, lines } = await runMain(['score'], pieces);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(lines.map((line) => [line.displayName, line.verdict])).toEqual([
        ['IT Helpdesk', 'warn'],
        ['Anna Schmidt', 'none'],
      ]);
    }
  });

  it('keeps a byte order mark later in the input: a line starting with one is not JSON', async () => {
    const { code, lines } = await runMain(
      ['score'],
      `${jsonl({ displayName: 'Anna' })}\uFEFF${jsonl({ displayName: 'Bo' })}`,
    );
    expect(code).toBe(1);
    expect(lines[1]).toEqual({ error: 'line 2: not JSON' });
  });

  it('treats a line without tenantId as external', async () => {
    const { lines } = await runMain(['score'], jsonl({ displayName: 'Help Desk' }));
    expect(lines[0].verdict).toBe('warn');
  });

  it('answers a bad line with an error line in its place and exits non-zero at the end', async () => {
    const { code, lines, err } = await runMain(
      ['score'],
      jsonl({ displayName: 'Help Desk' }, 'not json', { displayName: 42 }, { displayName: 'John Smith' }),
    );
    expect(lines).toEqual([
      expect.objectContaining({ displayName: 'Help Desk' }),
      { error: 'line 2: not JSON' },
      { error: 'line 3: displayName must be a string' },
      expect.objectContaining({ displayName: 'John Smith' }),
    ]);
    expect(code).toBe(1);
    expect(err).toContain('2 bad input lines');
  });

  it.each([
    [['score', '--bogus'], "unknown option '--bogus'"],
    [['score', '--home-tenant'], '--home-tenant needs a value'],
    [['score', '--threshold', '7'], '--threshold must be a number from 0 to 1'],
    [['score', '--jobs', '0'], '--jobs must be a whole number from 1 to 64'],
    [['score', '--jobs=1.5'], '--jobs must be a whole number from 1 to 64'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('prints usage for %p', async (argv, message) => {
    const { code, err } = await runMain(argv, '');
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: helpdesk-guard');
  });
});

/** A helpdesk profile file with `detection` settings; its path. */
const writeProfile = (detection: unknown): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'hg-score-profile-')), 'profile.json');
  writeFileSync(
    file,
    JSON.stringify({
      orgName: 'Fabrikam',
      helpdeskName: 'Fabrikam Service Desk',
      displayNames: ['Fabrikam Service Desk'],
      internalDomains: ['fabrikam.com'],
      contactChannels: ['A ticket in the portal'],
      detection,
    }),
  );
  return file;
};
const dummyPartnerTenant = '33333333-3333-3333-3333-333333333333';

describe('helpdesk-guard score with the helpdesk profile', () => {
  const profile = writeProfile({
    threshold: 0.6,
    terms: [{ text: 'Tukipalvelu', kind: 'role' }],
    partnerHelpdesks: [{ name: 'Northwind MSP', tenantIds: [dummyPartnerTenant] }],
  });
  const senders = jsonl(
    { displayName: 'Tukipalvelu', tenantId: 'other' },
    { displayName: 'IT Helpdesk', tenantId: dummyPartnerTenant },
    { displayName: 'Fabrikam Service Desk', tenantId: 'other' },
  );

  it('reads the profile the bot reads: its names, terms and partner helpdesks change verdicts', async () => {
    const without = await runMain(['score'], senders);
    expect(without.lines.map((line) => line.verdict)).toEqual(['none', 'warn', 'warn']);
    for (const run of [
      await runMain(['score', '--profile', profile], senders),
      await runMain(['score'], senders, { HELPDESK_PROFILE_FILE: profile }),
    ]) {
      expect(run.code).toBe(0);
      expect(run.lines.map((line) => line.verdict)).toEqual(['warn', 'none', 'warn']);
      expect(run.lines[1].reasons).toContainEqual({
        code: 'partner_helpdesk',
        message: expect.stringContaining('Northwind MSP'),
      });
      expect(run.lines[2].reasons).toContainEqual({ code: 'helpdesk_name', message: expect.any(String) });
    }
  });

  it('takes the threshold from --threshold, else DETECTION_THRESHOLD, else the profile', async () => {
    // 'Support' alone scores 0.51: under the profile's 0.6, over 0.5.
    const input = jsonl({ displayName: 'Support' });
    const verdict = async (argv: string[], env: Record<string, string> = {}) =>
      (await runMain(['score', '--explain', ...argv], input, env)).lines[0];
    expect(await verdict(['--profile', profile])).toMatchObject({ verdict: 'none', threshold: 0.6 });
    expect(await verdict(['--profile', profile], { DETECTION_THRESHOLD: '0.5' })).toMatchObject({
      verdict: 'warn',
      threshold: 0.5,
    });
    expect(
      await verdict(['--profile', profile, '--threshold', '0.4'], { DETECTION_THRESHOLD: '0.9' }),
    ).toMatchObject({ verdict: 'warn', threshold: 0.4 });
    expect(await verdict([], { DETECTION_THRESHOLD: ' ' })).toMatchObject({ threshold: 0.5 });
  });

  it.each([
    [
      'a profile term it cannot match',
      { terms: [{ text: 'ヘルプデスク', kind: 'role' }] },
      'detection.terms.0.text',
    ],
    ['an unknown term kind', { terms: [{ text: 'Tuki', kind: 'team' }] }, 'detection.terms.0.kind'],
    ['a threshold out of range', { threshold: 1.5 }, 'detection.threshold'],
    [
      'a partner without tenant or domain',
      { partnerHelpdesks: [{ name: 'X' }] },
      'detection.partnerHelpdesks.0',
    ],
    [
      'a partner tenant that is no GUID',
      { partnerHelpdesks: [{ name: 'X', tenantIds: ['x'] }] },
      'tenantIds.0',
    ],
    ['an unknown setting', { thresold: 0.6 }, 'detection'],
  ])('refuses to start with %s, and says where', async (_what, detection, where) => {
    const { code, err, out } = await runMain(['score', '--profile', writeProfile(detection)], senders);
    expect(code).toBe(78);
    expect(out).toBe('');
    expect(err).toContain('helpdesk-guard score cannot start. Invalid HELPDESK_PROFILE_FILE');
    expect(err).toContain(where);
  });

  it('refuses to start with a profile it cannot read or a bad DETECTION_THRESHOLD', async () => {
    const missing = await runMain(['score', '--profile', '/nonexistent/profile.json'], senders);
    expect(missing.code).toBe(78);
    expect(missing.err).toContain("Cannot read HELPDESK_PROFILE_FILE '/nonexistent/profile.json'");
    const bad = await runMain(['score'], senders, { DETECTION_THRESHOLD: 'high' });
    expect(bad.code).toBe(78);
    expect(bad.err).toContain("DETECTION_THRESHOLD must be a number in (0, 1] (got 'high')");
  });
});

describe('helpdesk-guard score --explain', () => {
  const input = jsonl(
    { displayName: 'Jennifer Adams', upn: 'jennifer@msftprotection.onmicrosoft.com', tenantId: 'other' },
    { displayName: 'Anna Schmidt', upn: 'anna@fabrikam.com', tenantId: 'other' },
  );

  it('gives each reason its weight, the name and address scores and the threshold', async () => {
    const { code, lines } = await runMain(['score', '--explain'], input);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({
      displayName: 'Jennifer Adams',
      verdict: 'warn',
      threshold: 0.5,
      parts: { name: 0, address: expect.any(Number) },
    });
    expect(lines[0].score).toBe((lines[0].parts as { address: number }).address);
    expect(lines[0].reasons).toContainEqual({
      code: 'tenant_name',
      message:
        "The account comes from an organisation named like a Microsoft security service ('msftprotection.onmicrosoft.com').",
      weight: 0.65,
    });
    expect(lines[1]).toMatchObject({ verdict: 'none', score: 0, parts: { name: 0, address: 0 } });
    expect(lines[1].reasons).toEqual([
      { code: 'no_helpdesk_signal', message: expect.any(String), weight: 0 },
    ]);
  });

  it('leaves the default output as it was: no weights, parts or threshold', async () => {
    const { lines } = await runMain(['score'], input);
    expect(Object.keys(lines[0])).toEqual(['displayName', 'verdict', 'score', 'reasons']);
    expect(Object.keys((lines[0].reasons as object[])[0])).toEqual(['code', 'message']);
  });

  it('takes no value', async () => {
    const { code, err } = await runMain(['score', '--explain=yes'], input);
    expect(code).toBe(2);
    expect(err).toContain('--explain takes no value');
  });
});

describe('parseScoreFlags', () => {
  it('reads --flag value and --flag=value', () => {
    expect(parseScoreFlags(['--home-tenant=h', '--trusted', 'a, b', '--threshold', '0.7'])).toEqual({
      homeTenantId: 'h',
      trustedTenantIds: ['a', 'b'],
      threshold: 0.7,
    });
  });

  it('reads --profile and --explain', () => {
    expect(parseScoreFlags(['--profile=p.json', '--explain'])).toEqual({
      homeTenantId: '',
      trustedTenantIds: [],
      profile: 'p.json',
      explain: true,
    });
  });
});

describe('parseScoreFlags --jobs', () => {
  it.each([
    [['--jobs', '3'], 3],
    [['--jobs=1'], 1],
    [[], undefined],
  ])('reads %p: jobs %p', (args, jobs) => {
    expect(parseScoreFlags(args)).toEqual({ homeTenantId: '', trustedTenantIds: [], jobs });
  });
});

describe('defaultJobs', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 3],
    [9, 8],
    [64, 8],
  ])('on %p cores: %p (1 = in-thread; the main thread keeps a core)', (cores, jobs) => {
    expect(defaultJobs(cores)).toBe(jobs);
  });
});

describe('parseSenderLine', () => {
  it.each([
    ['[1,2]', 'not a JSON object'],
    ['{"displayName":"x","upn":5}', 'upn must be a string or null'],
    ['{"displayName":"x","tenantId":{}}', 'tenantId must be a string or null'],
  ])('rejects %p', (line, error) => {
    expect(parseSenderLine(line)).toBe(error);
  });
});

describe('helpdesk-guard score (spawned)', () => {
  it('streams verdicts through a real process and keeps the order of 2,000 lines', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? `IT Helpdesk ${i}` : `Person ${i}`));
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src/cli.ts'), 'score', '--home-tenant', dummyHome],
      {
        cwd: root,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end(
      names.map((displayName) => JSON.stringify({ displayName, tenantId: 'other' })).join('\n') + '\n',
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { displayName: string; verdict: string });
    expect(code).toBe(0);
    expect(lines.map((line) => line.displayName)).toEqual(names);
    expect(lines.filter((line) => line.verdict === 'warn')).toHaveLength(1000);
  });

  it('answers a line before stdin closes (it streams, it does not buffer the whole input)', async () => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli.ts'), 'score'], {
      cwd: root,
    });
    const first = new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    child.stdin.write(`${JSON.stringify({ displayName: 'Microsoft Support' })}\n`);
    expect(JSON.parse(await first)).toMatchObject({ displayName: 'Microsoft Support', verdict: 'warn' });
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  });
});

describe('helpdesk-guard score on the held-out corpus', () => {
  it('finds >= 95% of impersonations and warns about <= 3% of benign names', async () => {
    const file = join(root, 'test/fixtures/names/held-out-names.jsonl');
    const rows = (await import('node:fs'))
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { displayName: string; label: string });
    const { lines } = await runMain(
      ['score', '--home-tenant', dummyHome],
      rows.map((row) => JSON.stringify({ displayName: row.displayName })).join('\n'),
    );
    const warned = (label: string) =>
      rows.filter((row, i) => row.label === label && lines[i].verdict === 'warn').length;
    const total = (label: string) => rows.filter((row) => row.label === label).length;
    const recall = warned('impersonation') / total('impersonation');
    const falsePositiveRate = warned('benign') / total('benign');
    console.log(
      `held-out corpus via the CLI: recall ${recall.toFixed(3)}, false-positive rate ${falsePositiveRate.toFixed(3)}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.03);
  });
});
