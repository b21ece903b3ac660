/**
 * What a bench part measures: a figure of the last line (a ratio against a baseline of
 * the same run, or an absolute value where the platform sets the limit), its target, and
 * how it was made. run.ts prints them as a table and writes them to results/latest.json.
 */
import { cpus, loadavg } from 'node:os';

/** Inclusive bounds; a figure without a target is printed for information. */
export interface Target {
  min?: number;
  max?: number;
}

export interface Pair {
  ours: number;
  baseline: number;
  ratio: number;
}

export interface Figure {
  /** Its name on the last line (`turnRatio`). */
  key: string;
  /** What it is, for the table. */
  label: string;
  value: number;
  /** The unit of `value` when it is not a ratio. */
  unit?: string;
  /** For a ratio: the means it was made of, in `rateUnit`. */
  ours?: number;
  baseline?: number;
  rateUnit?: string;
  pairs?: Pair[];
  target?: Target;
  /** Whether the value goes on the last line (false for the per-connection details). */
  headline?: boolean;
}

export const meetsTarget = ({ value, target }: Figure): boolean =>
  !target ||
  (Number.isFinite(value) &&
    (target.min === undefined || value >= target.min) &&
    (target.max === undefined || value <= target.max));

export const mean = (values: number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

/** Three significant digits at most, thousands grouped: 0.812, 21.4, 12,345. */
export const formatNumber = (value: number | undefined): string => {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

const formatTarget = (target: Target | undefined): string => {
  if (!target) return 'info';
  if (target.min !== undefined && target.max !== undefined)
    return `${formatNumber(target.min)}..${formatNumber(target.max)}`;
  return target.min !== undefined ? `>= ${formatNumber(target.min)}` : `<= ${formatNumber(target.max)}`;
};

/** The table: figure, ours, baseline, ratio or value, target, PASS/FAIL. */
export const formatTable = (figures: Figure[]): string => {
  const rows = [
    ['figure', 'ours', 'baseline', 'ratio / value', 'target', 'result'],
    ...figures.map((figure) => [
      `${figure.key}: ${figure.label}`,
      figure.ours === undefined ? '' : `${formatNumber(figure.ours)} ${figure.rateUnit ?? ''}`.trim(),
      figure.baseline === undefined ? '' : `${formatNumber(figure.baseline)} ${figure.rateUnit ?? ''}`.trim(),
      `${formatNumber(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`,
      formatTarget(figure.target),
      figure.target ? (meetsTarget(figure) ? 'PASS' : 'FAIL') : '',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])));
  const [head, ...body] = rows;
  return [
    line(head).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map((row) => line(row).join('  ')),
  ].join('\n');
};

/** "2 cores, load 1.83 0.89 0.92" */
export const machineLoad = (): string =>
  `${cpus().length} cores, load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
