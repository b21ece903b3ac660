/**
 * `npm run bench` (`npm run bench -- <name>` runs only the parts whose name contains it):
 * speed as ratios against baselines run side by side in the same run, because the
 * machines differ and are shared; absolute figures only where the platform sets the
 * limit. Prints each part's details, then a table (figure, ours, baseline, ratio, target,
 * PASS/FAIL), writes test/bench/results/latest.json, and prints as its last line one JSON
 * object with every headline figure. Exits non-zero when a target is missed or a defect
 * was seen (a non-2xx answer, an error log line of the bot, a warning lost).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifierBench } from './classifier.bench';
import { drainBench } from './drain.bench';
import { forwardBench } from './forward.bench';
import { recoveryBench } from './recovery.bench';
import type { BenchPart } from './support/bench-part';
import { compileBuild } from './support/build';
import { formatTable, machineLoad, meetsTarget, type Figure } from './support/figures';
import { Rig } from './support/rig';
import { turnBench } from './turn.bench';
import { warningsBench } from './warnings.bench';
import { webhooksBench } from './webhooks.bench';

/** In this order: the in-process parts first, before the bot is started. */
const PARTS: BenchPart[] = [
  classifierBench,
  forwardBench,
  turnBench,
  webhooksBench,
  drainBench,
  warningsBench,
  recoveryBench,
];

const round3 = (value: number): number | null =>
  Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null;

/** The bot under test's memory over the whole run (its own process, so its own figures). */
const memoryFigures = async (rig: Rig): Promise<Figure[]> => {
  if (rig.mainBots.length === 0) return [];
  const peaks = rig.mainBots.map((bot) => bot.peak());
  const rssMb = Math.max(...peaks.map((peak) => peak.rssMb));
  const heapMb = Math.max(...peaks.map((peak) => peak.heapMb));
  return [
    {
      key: 'peakRssMb',
      label: `bot process peak RSS (VmHWM), the highest of the ${peaks.length} bots under test`,
      value: rssMb,
      unit: 'MB',
      target: { max: 300 },
      headline: true,
    },
    {
      key: 'peakHeapMb',
      label: 'bot process peak V8 heap used (sampled each second), the same bots',
      value: heapMb,
      unit: 'MB',
      headline: true,
    },
  ];
};

const main = async (): Promise<void> => {
  const only = process.argv[2];
  const parts = PARTS.filter((part) => !only || part.name.includes(only));
  if (parts.length === 0) {
    console.error(
      `no bench part named like '${only}'; the parts: ${PARTS.map((part) => part.name).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  // What npm start runs: the compiled build, not the sources under tsx (support/build.ts).
  compileBuild();
  const startedAt = Date.now();
  const machineAtStart = machineLoad();
  console.log(
    `bench: ${parts.map((part) => part.name).join(', ')}; node ${process.version}; ${machineAtStart}`,
  );
  const rig = new Rig();
  const figures: Figure[] = [];
  try {
    for (const part of parts) {
      const partStarted = Date.now();
      console.log(`[${part.name}] ${machineLoad()}`);
      try {
        figures.push(...(await part.run(rig)));
      } catch (err) {
        rig.problem(
          `${part.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      console.log(`[${part.name}] ${((Date.now() - partStarted) / 1000).toFixed(0)} s`);
    }
    figures.push(...(await memoryFigures(rig)));
    for (const bot of rig.bots) {
      const warns = bot.warnLines();
      const { rssMb, heapMb } = bot.peak();
      console.log(
        `${bot.name}: peak RSS ${rssMb.toFixed(0)} MB, peak heap ${heapMb.toFixed(0)} MB, ${warns.count} warn log lines` +
          warns.first.map((line) => `\n  ${line}`).join(''),
      );
      for (const line of bot.errorLines()) rig.problem(`${bot.name} logged an error: ${line}`);
    }
  } finally {
    await rig.stop();
  }
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const failed = figures.filter((figure) => !meetsTarget(figure)).map((figure) => figure.key);
  const last = {
    ...Object.fromEntries(
      figures.filter((figure) => figure.headline).map((figure) => [figure.key, round3(figure.value)]),
    ),
    targetsMet: failed.length === 0,
    failed,
    problems: rig.problems.length,
    seconds,
    machine: machineAtStart,
  };
  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify(
      {
        date: new Date(startedAt).toISOString(),
        node: process.version,
        machineAtStart,
        machineAtEnd: machineLoad(),
        seconds,
        parts: parts.map((part) => part.name),
        figures,
        problems: rig.problems,
        last,
      },
      null,
      2,
    )}\n`,
  );
  console.log('');
  console.log(formatTable(figures));
  if (rig.problems.length > 0) {
    console.log(`\n${rig.problems.length} problem(s) seen:`);
    for (const line of rig.problems) console.log(`  - ${line.split('\n')[0].slice(0, 300)}`);
  }
  console.log(`\n${seconds} s in all; results in test/bench/results/latest.json`);
  if (failed.length > 0 || rig.problems.length > 0) process.exitCode = 1;
  console.log(JSON.stringify(last));
};

void main();
