/** Figures of the Graph notifications bench: percentiles, where the slow acks were, who used the CPU. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createClient } from 'redis';

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** "2 cores, load 1.83, 0.89, 0.92" */
export const machineLoad = (): string =>
  `${cpus().length} cores, load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')}`;

/** The seconds of the load with the slowest acks: "s25 p99 265 ms (147 over 50)". */
export const slowestSeconds = (
  latenciesMs: Array<number | null>,
  sentAtMs: number[],
  count: number,
  overMs: number,
): string => {
  const bySecond = new Map<number, number[]>();
  latenciesMs.forEach((ms, j) => {
    if (ms === null) return;
    const second = Math.floor(sentAtMs[j] / 1000);
    const values = bySecond.get(second) ?? [];
    values.push(ms);
    bySecond.set(second, values);
  });
  return [...bySecond]
    .map(([second, values]) => ({
      second,
      p99: percentile(values, 99),
      over: values.filter((ms) => ms > overMs).length,
    }))
    .sort((a, b) => b.p99 - a.p99)
    .slice(0, count)
    .map(({ second, p99, over }) => `s${second} p99 ${p99.toFixed(0)} ms (${over} over ${overMs})`)
    .join(', ');
};

/** redis-server's own CPU (user + system) so far, in ms, from INFO cpu. */
export const redisCpuMs = async (url: string): Promise<number> => {
  // INFO is a server's own, not a store's: a plain client of that one server.
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('cpu');
    const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  } finally {
    client.destroy();
  }
};

/** The bot's counters of the Graph source from /metrics, on one line. */
export const graphMetrics = async (botUrl: string): Promise<string> =>
  (await (await fetch(`${botUrl}/metrics`)).text())
    .split('\n')
    .filter((line) => /^helpdesk_guard_graph_(chat_lookups_total|notifications_(dropped_)?total)/.test(line))
    .map((line) => line.replace('helpdesk_guard_graph_', ''))
    .join(', ');

/** Share of one core: "64 %". */
export const coreShare = (cpuMs: number, wallMs: number): string =>
  `${((100 * cpuMs) / wallMs).toFixed(0)} %`;

/** Busy and total CPU time of the whole machine so far, in jiffies (Linux /proc/stat); undefined elsewhere. */
export const machineCpu = (): { busy: number; total: number } | undefined => {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  } catch (err) {
    // Not Linux: the figure is left out, the bench still runs.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
};

/** "machine 97 % busy (of 2 cores)" between two machineCpu() readings. */
export const machineBusy = (
  before: ReturnType<typeof machineCpu>,
  after: ReturnType<typeof machineCpu>,
): string =>
  before && after
    ? `machine ${((100 * (after.busy - before.busy)) / (after.total - before.total)).toFixed(0)} % busy (of ${cpus().length} cores)`
    : 'machine CPU unknown';
