/**
 * `npm run bench`: runs every test/bench/*.bench.ts in turn. Each exports
 * `run(): Promise<BenchResult[]>`; a result that misses its target fails the run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target and how to compare: '>=' for throughput, '<=' for latency. */
  target: number;
  compare: '>=' | '<=';
}

const main = async (): Promise<void> => {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => !only || file.includes(only))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<BenchResult[]> };
    for (const result of await mod.run()) {
      const ok = result.compare === '>=' ? result.value >= result.target : result.value <= result.target;
      if (!ok) failed += 1;
      console.log(
        `${ok ? 'PASS' : 'FAIL'}  ${file}  ${result.name}: ${result.value.toFixed(1)} ${result.unit} (target ${result.compare} ${result.target})`,
      );
    }
  }
  if (failed > 0) {
    console.error(`${failed} benchmark target(s) missed`);
    process.exitCode = 1;
  }
};

void main();
