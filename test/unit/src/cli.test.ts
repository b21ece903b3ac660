/**
 * The `helpdesk-guard` command table: `--help` lists every command, and a command's module
 * (with its packages: Redis for `events`) loads only when that command runs.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { COMMANDS, main } from '../../../src/cli';
import { collect, compileCli, type CompiledCli } from '../../support/compiled-cli';

describe('helpdesk-guard --help', () => {
  it('lists every command with its summary', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await main(['--help'], { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
    expect(code).toBe(0);
    for (const [name, command] of Object.entries(COMMANDS))
      expect(out).toContain(`  ${name.padEnd(10)} ${command.summary}`);
  });
});

describe('helpdesk-guard (compiled) loads a command only when it runs', () => {
  let cli: CompiledCli;
  beforeAll(() => {
    cli = compileCli({ tsc: false });
    writeFileSync(
      join(cli.dir, 'loaded-packages.js'),
      [
        "process.on('exit', () => {",
        '  const names = Object.keys(require.cache)',
        "    .filter((file) => file.includes('/node_modules/'))",
        "    .map((file) => file.split('/node_modules/').pop().split('/'))",
        "    .map((parts) => (parts[0].startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/'))",
        "    .filter((name) => !name.startsWith('.'));", // the CLI itself, in node_modules/.cache
        "  require('node:fs').writeSync(2, `loaded: ${[...new Set(names)].join(' ')}\\n`);",
        '});',
      ].join('\n'),
    );
  }, 60_000);

  afterAll(() => {
    if (cli) rmSync(cli.dir, { recursive: true, force: true });
  });

  /** The packages the process loaded (a preload notes them at exit). */
  const loadedPackages = async (args: string[]): Promise<string[]> => {
    const child = spawn(process.execPath, ['-r', join(cli.dir, 'loaded-packages.js'), cli.bundle, ...args]);
    const done = collect(child);
    child.stdin.end('{"displayName":"IT Helpdesk"}\n');
    const { stderr } = await done;
    return (/loaded: (.*)/.exec(stderr)?.[1] ?? '').split(' ').filter(Boolean);
  };

  it('--help loads no package', async () => {
    expect(await loadedPackages(['--help'])).toEqual([]);
  });

  it('score loads the detector, not Redis or zod (the events command)', async () => {
    const loaded = await loadedPackages(['score']);
    expect(loaded).toContain('unhomoglyph');
    expect(loaded).not.toContain('redis');
    expect(loaded).not.toContain('@redis/client');
    expect(loaded).not.toContain('zod');
  });
});
