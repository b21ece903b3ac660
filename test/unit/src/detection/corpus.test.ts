/**
 * The labelled corpus (test/fixtures/names): recall on impersonations and the
 * false-positive rate on benign names, with the confusion matrix printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector } from '../../../../src/detection';

interface DummyLabelledName {
  displayName: string;
  label: 'impersonation' | 'benign';
  kind?: string;
  upn?: string;
  tenantId?: string;
}

const readCorpus = (file: string): DummyLabelledName[] =>
  readFileSync(join(__dirname, '../../../fixtures/names', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DummyLabelledName);

const detector = createDetector({ homeTenantId: 'home-tenant', trustedTenantIds: [] });

const evaluate = (rows: DummyLabelledName[]) => {
  const matrix = { tp: 0, fn: 0, fp: 0, tn: 0 };
  const misses: string[] = [];
  for (const row of rows) {
    const warned =
      detector.score({
        displayName: row.displayName,
        upn: row.upn ?? null,
        tenantId: row.tenantId ?? 'external-tenant',
      }).verdict === 'warn';
    if (row.label === 'impersonation') matrix[warned ? 'tp' : 'fn'] += 1;
    else matrix[warned ? 'fp' : 'tn'] += 1;
    if (warned !== (row.label === 'impersonation')) misses.push(`${row.label}: ${row.displayName}`);
  }
  const recall = matrix.tp / (matrix.tp + matrix.fn);
  const falsePositiveRate = matrix.fp / (matrix.fp + matrix.tn);
  return { matrix, recall, falsePositiveRate, misses };
};

const printMatrix = (title: string, result: ReturnType<typeof evaluate>): void => {
  const { tp, fn, fp, tn } = result.matrix;
  console.log(
    [
      `${title}: confusion matrix`,
      '                      warned   not warned',
      `  impersonation   ${String(tp).padStart(8)} ${String(fn).padStart(12)}`,
      `  benign          ${String(fp).padStart(8)} ${String(tn).padStart(12)}`,
      `  recall ${result.recall.toFixed(3)}  false-positive rate ${result.falsePositiveRate.toFixed(3)}`,
      ...result.misses.map((miss) => `  missed: ${miss}`),
    ].join('\n'),
  );
};

describe('labelled corpus', () => {
  const rows = readCorpus('labelled-names.jsonl');

  it('has at least 150 names with both labels and every kind of impersonation', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(rows.filter((row) => row.label === 'impersonation').map((row) => row.kind));
    expect([...kinds].sort()).toEqual(
      [
        'brand',
        'camel',
        'confusable',
        'foreign',
        'invisible',
        'leet',
        'lure',
        'person_role',
        'plain_role',
        'repeated',
        'separators',
        'styled',
        'typo',
      ].sort(),
    );
  });

  it('finds >= 97% of impersonations and warns about <= 2% of benign names', () => {
    const result = evaluate(rows);
    printMatrix('labelled corpus', result);
    expect(result.recall).toBeGreaterThanOrEqual(0.97);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.02);
  });
});

describe('independent corpus', () => {
  // Senders (name, address, tenant) written by someone who had not seen the vocabulary.
  const rows = readCorpus('independent-senders.jsonl');

  it('is large, with both labels, all from external tenants', () => {
    expect(rows.length).toBeGreaterThanOrEqual(500);
    expect(rows.filter((row) => row.label === 'impersonation').length).toBeGreaterThanOrEqual(150);
    expect(rows.every((row) => row.tenantId && row.tenantId !== 'home-tenant')).toBe(true);
  });

  it('finds >= 97% of impersonations and warns about <= 2% of benign senders', () => {
    const result = evaluate(rows);
    printMatrix('independent corpus', result);
    expect(result.recall).toBeGreaterThanOrEqual(0.97);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.02);
  });
});
