/**
 * Detection throughput: names scored per second in-process (one core), and end to end
 * through the `helpdesk-guard score` CLI (parsing, scoring and printing JSON lines).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector, type SenderIdentity } from '../../src/detection';
import type { BenchResult } from './run';

const root = join(__dirname, '../..');
const CLI_LINES = 300_000;
const IN_PROCESS_NAMES = 1_000_000;

/** The labelled corpus, with UPNs and tenants, repeated with variations so nothing is cached. */
const dummySenders = (): SenderIdentity[] => {
  const names = readFileSync(join(root, 'test/fixtures/names/labelled-names.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { displayName: string }).displayName);
  return names.map((displayName, i) => ({
    displayName,
    upn: i % 3 === 0 ? `user${i}@tenant${i}.onmicrosoft.com` : `user${i}@fabrikam.com`,
    tenantId: `tenant-${i % 7}`,
  }));
};

const inProcess = (senders: SenderIdentity[]): number => {
  const detector = createDetector({
    homeTenantId: 'home',
    trustedTenantIds: ['partner'],
    orgName: 'Contoso',
    orgDomains: ['contoso.com'],
  });
  let warned = 0;
  for (let i = 0; i < 50_000; i += 1) detector.score(senders[i % senders.length]); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < IN_PROCESS_NAMES; i += 1) {
    if (detector.score(senders[i % senders.length]).verdict === 'warn') warned += 1;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (warned === 0) throw new Error('no warnings: the benchmark is not scoring');
  return IN_PROCESS_NAMES / seconds;
};

const throughCli = async (senders: SenderIdentity[]): Promise<number> => {
  const input =
    Array.from({ length: CLI_LINES }, (_, i) => JSON.stringify(senders[i % senders.length])).join('\n') +
    '\n';
  const start = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli.ts'), 'score', '--home-tenant', 'home'],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0 || lines !== CLI_LINES)
    throw new Error(`CLI exited ${code} after ${lines} of ${CLI_LINES} lines`);
  return CLI_LINES / seconds;
};

export async function run(): Promise<BenchResult[]> {
  const senders = dummySenders();
  return [
    {
      name: 'score() in-process',
      value: inProcess(senders),
      unit: 'names/s',
      target: 500_000,
      compare: '>=',
    },
    {
      name: 'helpdesk-guard score CLI',
      value: await throughCli(senders),
      unit: 'names/s',
      target: 100_000,
      compare: '>=',
    },
  ];
}
