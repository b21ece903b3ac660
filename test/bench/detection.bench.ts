/**
 * Detection throughput: names scored per second in-process (one core), and end to end
 * through the `helpdesk-guard score` CLI (parsing, scoring and printing JSON lines).
 *
 * What it measures, so the numbers mean what they say:
 * - Compiled JavaScript, the way production runs it: src/detection and src/cli.ts are
 *   compiled with esbuild (CommonJS, ES2022, the tsconfig target) into
 *   node_modules/.cache/helpdesk-guard-bench and run with plain node, not under tsx.
 * - Unique senders: names are generated variations of the labelled corpus (first names x
 *   surnames x middle initials; impersonations with a person or a number added), each
 *   with its own address, so no sender repeats within a round. Detection keeps no
 *   per-name cache, so there is nothing to hit anyway; the mix is stated in the output.
 * - The gated corpus is a realistic mix: 90% benign names, 10% impersonations (far more
 *   than real traffic holds). The labelled corpus itself (half impersonations, every
 *   trick) is measured too and printed for information.
 * - Several rounds; the median is the result, best and worst are printed, with the load
 *   average: the machine has few cores and other jobs may run.
 * - The in-process figure is one core. The CLI figure is end to end, spawn to exit, with
 *   the CLI's defaults: `score` starts worker threads for bulk input (one per core beyond
 *   the first, at most 8; none below three cores, where it scores in its main thread) and
 *   its main thread reads and writes. One more, untimed run counts the worker threads it
 *   starts (a preload notes each), and the output says how many, on how many cores.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { SenderIdentity } from '../../src/detection';
import { bundle, countedWorkers, writeWorkerCounter } from '../support/compiled-cli';
import type { BenchResult } from './run';

const root = join(__dirname, '../..');
const outDir = join(root, 'node_modules/.cache/helpdesk-guard-bench');
const UNIQUE_SENDERS = 300_000;
const ROUNDS = 5;
const CLI_LINES = 300_000;
const CLI_ROUNDS = 3;
const IMPERSONATION_SHARE = 0.1;

interface DummyLabelledName {
  displayName: string;
  label: 'impersonation' | 'benign';
}

type DetectionModule = typeof import('../../src/detection');

/** Compiles the detector and the CLI to plain CommonJS, as `npm run build` would. */
const compile = (): { detection: string; cli: string } => {
  bundle(['src/detection/index.ts', 'src/cli.ts'], outDir);
  return { detection: join(outDir, 'detection/index.js'), cli: join(outDir, 'cli.js') };
};

const readCorpus = (file: string): DummyLabelledName[] =>
  readFileSync(join(root, 'test/fixtures/names', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DummyLabelledName);

/** A small deterministic PRNG, so every run scores the same senders. */
const prng = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    // 32-bit LCG in integer arithmetic (Math.imul keeps every bit exact).
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
};

const INITIALS = 'ABCDEFGHIJKLMNOPRSTVW';
const JOINS = [' ', ' - ', ' | ', ' (', ': '];

/** Unique senders: `share` of them impersonations, the rest benign, each with its own address. */
const uniqueSenders = (rows: DummyLabelledName[], share: number, count: number): SenderIdentity[] => {
  const random = prng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const benign = rows.filter((row) => row.label === 'benign').map((row) => row.displayName);
  const attacks = rows.filter((row) => row.label === 'impersonation').map((row) => row.displayName);
  const firsts = benign.map((name) => name.split(' ')[0]);
  const rests = benign.map((name) => name.split(' ').slice(1).join(' ')).filter(Boolean);
  const surnames = rests.map((rest) => rest.split(' ').pop() ?? rest);
  const domains = Array.from({ length: 2_000 }, (_, i) =>
    i % 4 === 0 ? `tenant${i}.onmicrosoft.com` : `org${i}.example.com`,
  );
  const seen = new Set<string>();
  const senders: SenderIdentity[] = [];
  for (let attempts = 0; senders.length < count; attempts += 1) {
    if (attempts > count * 20) throw new Error(`only ${senders.length} unique senders could be made`);
    let displayName: string;
    if (random() < share) {
      const join = pick(JOINS);
      const person = random() < 0.5 ? pick(firsts) : String(Math.floor(random() * 10_000));
      displayName = `${pick(attacks)}${join}${person}${join === ' (' ? ')' : ''}`;
    } else {
      const middle = random() < 0.7 ? ` ${INITIALS[Math.floor(random() * INITIALS.length)]}.` : '';
      displayName = `${pick(firsts)}${middle} ${pick(rests)}`;
      // Double-barrelled surnames once the simple combinations run short.
      if (seen.has(displayName)) displayName += `-${pick(surnames)}`;
    }
    if (seen.has(displayName)) continue;
    seen.add(displayName);
    const domain = pick(domains);
    senders.push({
      displayName,
      // Addresses are ASCII, as UPNs almost always are: the first name's ASCII letters.
      upn: `${
        displayName
          .split(' ')[0]
          .toLowerCase()
          .replace(/[^a-z]/g, '') || 'user'
      }.${senders.length}@${domain}`,
      tenantId: random() < 0.05 ? 'home' : random() < 0.05 ? 'partner' : `tid-${domain}`,
    });
  }
  return senders;
};

/** The labelled corpus itself, made unique by a running number in the address only. */
const labelledSenders = (rows: DummyLabelledName[], count: number): SenderIdentity[] =>
  Array.from({ length: count }, (_, i) => ({
    displayName: rows[i % rows.length].displayName,
    upn: i % 3 === 0 ? `user${i}@tenant${i}.onmicrosoft.com` : `user${i}@fabrikam.com`,
    tenantId: `tenant-${i % 7}`,
  }));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const describe = (values: number[]): string =>
  `median ${Math.round(median(values))}, best ${Math.round(Math.max(...values))}, worst ${Math.round(Math.min(...values))}`;

const load = (): string =>
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;

/** Names per second over each of ROUNDS passes through the senders. */
const inProcess = (detection: DetectionModule, senders: SenderIdentity[]): number[] => {
  const detector = detection.createDetector({
    homeTenantId: 'home',
    trustedTenantIds: ['partner'],
    orgName: 'Contoso',
    orgDomains: ['contoso.com'],
  });
  for (let i = 0; i < 50_000; i += 1) detector.score(senders[i % senders.length]); // warm-up
  const rates: number[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round += 1) {
    let warned = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < senders.length; i += 1) {
      if (detector.score(senders[i]).verdict === 'warn') warned += 1;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (warned === 0) throw new Error('no warnings: the benchmark is not scoring');
    rates.push(senders.length / seconds);
  }
  // CPU time against wall time: how much of a core this process got (other jobs share it).
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  console.log(
    `    (${Math.round((ROUNDS * senders.length) / cpuSeconds)} names per CPU-second; ` +
      `the process had ${Math.round((100 * cpuSeconds) / wallSeconds)}% of a core)`,
  );
  return rates;
};

/** Lines per second through the compiled CLI, from spawn to exit, output read from a pipe. */
const throughCli = async (
  cli: string,
  input: string,
  lines: number,
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<number> => {
  const start = process.hrtime.bigint();
  const args = [...(options.nodeArgs ?? []), cli, 'score', '--home-tenant', 'home', '--trusted', 'partner'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let seen = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) seen += 1;
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0 || seen !== lines) throw new Error(`CLI exited ${code} after ${seen} of ${lines} lines`);
  return lines / seconds;
};

export async function run(): Promise<BenchResult[]> {
  const compiled = compile();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const detection = require(compiled.detection) as DetectionModule;
  const rows = readCorpus('labelled-names.jsonl');
  const realistic = uniqueSenders(rows, IMPERSONATION_SHARE, UNIQUE_SENDERS);
  console.log(
    `detection bench: compiled JS (esbuild, cjs, es2022) run by node ${process.version}, not tsx; ` +
      `${realistic.length} unique senders (${IMPERSONATION_SHARE * 100}% impersonations); ${load()}`,
  );
  const rates = inProcess(detection, realistic);
  console.log(`  score() in-process (one core), realistic mix: ${describe(rates)} names/s`);
  const labelled = inProcess(detection, labelledSenders(rows, UNIQUE_SENDERS));
  console.log(
    `  score() in-process (one core), labelled corpus (~50% impersonations, info): ${describe(labelled)} names/s`,
  );
  const input = `${realistic
    .slice(0, CLI_LINES)
    .map((sender) => JSON.stringify(sender))
    .join('\n')}\n`;
  const cliRates: number[] = [];
  for (let round = 0; round < CLI_ROUNDS; round += 1)
    cliRates.push(await throughCli(compiled.cli, input, CLI_LINES));
  // Untimed: how many worker threads the CLI starts on this input (a preload notes each).
  const workerLog = join(outDir, 'cli-workers.log');
  rmSync(workerLog, { force: true });
  await throughCli(compiled.cli, input, CLI_LINES, {
    nodeArgs: ['-r', writeWorkerCounter(outDir)],
    env: { HG_WORKER_LOG: workerLog },
  });
  const workers = countedWorkers(workerLog);
  const threads =
    workers === 0
      ? 'no worker threads: scored in the main thread'
      : `${workers} worker thread${workers === 1 ? '' : 's'} plus the main thread reading and writing`;
  console.log(
    `  CLI end to end (${CLI_LINES} lines, spawn to exit; ${threads}, on ${availableParallelism()} cores): ` +
      `${describe(cliRates)} lines/s; ${load()}`,
  );
  return [
    {
      name: 'score() in-process (compiled, unique senders, median)',
      value: median(rates),
      unit: 'names/s',
      target: 500_000,
      compare: '>=',
    },
    {
      name: 'helpdesk-guard score CLI (compiled, end to end, median)',
      value: median(cliRates),
      unit: 'names/s',
      target: 100_000,
      compare: '>=',
    },
  ];
}
