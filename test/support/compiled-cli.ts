/**
 * The `helpdesk-guard` CLI compiled the two ways it runs outside tsx, for tests that spawn
 * it with plain node: an esbuild single-file bundle and the tsc build
 * (tsconfig.build.json, one .js file per module, as in dist/).
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  existsSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/**
 * Runs esbuild on `entries` (paths from the repository root), each bundled with its
 * imports into one CommonJS file, as production's compiled code runs: ES2022 (the
 * tsconfig target), packages left to node_modules. `out` is esbuild's --outdir or, for
 * one entry, --outfile.
 */
export const bundleTo = (entries: string[], out: `--outdir=${string}` | `--outfile=${string}`): void => {
  execFileSync(
    join(root, 'node_modules/.bin/esbuild'),
    [
      ...entries,
      '--bundle',
      '--platform=node',
      '--format=cjs',
      '--target=es2022',
      '--packages=external',
      out,
      '--log-level=warning',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
};

/** Bundles each entry into a file of its own name in `outDir` (see bundleTo). */
export const bundle = (entries: string[], outDir: string): void => bundleTo(entries, `--outdir=${outDir}`);

export interface CompiledCli {
  /** A fresh directory for this test file's builds and scratch files. */
  dir: string;
  /** The esbuild bundle's cli.js: every module in one file. */
  bundle: string;
  /** The tsc build's src/cli.js (not there when compiled with `tsc: false`). */
  tsc: string;
}

/**
 * Compiles src/cli.ts into a new directory under node_modules/.cache (so that the
 * compiled code finds its packages, e.g. unhomoglyph, as it would in dist/): the bundle,
 * and unless `tsc` is false (it takes seconds) the tsc build.
 */
export const compileCli = ({ tsc = true }: { tsc?: boolean } = {}): CompiledCli => {
  // A fresh `npm ci` has no node_modules/.cache yet.
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/helpdesk-guard-cli-test-'));
  bundle(['src/cli.ts'], join(dir, 'bundle'));
  const built = { dir, bundle: join(dir, 'bundle/cli.js'), tsc: join(dir, 'tsc/src/cli.js') };
  if (!tsc) return built;
  // tsconfig.build.json's options, but only src/cli.ts and what it imports.
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      compilerOptions: { outDir: join(dir, 'tsc'), rootDir: root, sourceMap: false },
      files: [join(root, 'src/cli.ts')],
      include: [],
    }),
  );
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return built;
};

export interface CliRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs `node [nodeArgs] cli args` with stdin read from `inputFile` (a file, as `cli <
 * file` does: read in 64 KB pieces) and resolves when it exits.
 */
export const runCliOnFile = async (
  cli: string,
  args: string[],
  inputFile: string,
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> => {
  const input = openSync(inputFile, 'r');
  try {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: [input, 'pipe', 'pipe'],
    });
    return await collect(child);
  } finally {
    closeSync(input);
  }
};

/** Everything a child writes, and its exit code. */
export const collect = (child: ReturnType<typeof spawn>): Promise<CliRun> => {
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
};

/**
 * A preload (`node -r FILE`) that notes each worker thread the process starts in the
 * file named by HG_WORKER_LOG: workers inherit the preload with node's execArgv.
 */
export const writeWorkerCounter = (dir: string): string => {
  const file = join(dir, 'count-workers.js');
  writeFileSync(
    file,
    [
      "const { isMainThread } = require('node:worker_threads');",
      "if (!isMainThread) require('node:fs').appendFileSync(process.env.HG_WORKER_LOG, 'worker\\n');",
    ].join('\n'),
  );
  return file;
};

/** How many worker threads were noted in `log` (see writeWorkerCounter). */
export const countedWorkers = (log: string): number =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
