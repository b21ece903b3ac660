/**
 * The labelled corpora (test/fixtures/names): recall on impersonations and the
 * false-positive rate on benign names, with the confusion matrix printed. The held-out
 * real-campaign senders and the ordinary senders are never tuned on; the synthetic
 * campaign variants are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector } from '../../../../src/detection';

interface DummyLabelledName {
  displayName: string;
  label: 'impersonation' | 'benign';
  kind?: string;
  upn?: string | null;
  tenantId?: string;
  /** Where a real sender was published (a URL), or 'synthetic: ...'. */
  source?: string;
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
    if (warned !== (row.label === 'impersonation'))
      misses.push(
        `${warned ? 'warned about' : 'missed'} ${row.label}: ${JSON.stringify(row.displayName)}${row.upn ? ` <${row.upn}>` : ''}`,
      );
  }
  const rate = (hits: number, total: number): number => (total === 0 ? 0 : hits / total);
  const recall = rate(matrix.tp, matrix.tp + matrix.fn);
  const falsePositiveRate = rate(matrix.fp, matrix.fp + matrix.tn);
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
      `  recall ${tp + fn === 0 ? '-' : result.recall.toFixed(3)}  false-positive rate ${fp + tn === 0 ? '-' : result.falsePositiveRate.toFixed(3)}`,
      ...result.misses.map((miss) => `  ${miss}`),
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

describe('held-out real-campaign senders', () => {
  // Display names and tenants published from real Teams helpdesk campaigns, each with its source.
  const rows = readCorpus('held-out-campaigns.jsonl');
  const names = rows.filter((row) => row.kind === 'display_name');
  const tenants = rows.filter((row) => row.kind === 'tenant');

  it('are real: every sender names its published source, none is synthetic', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(tenants.length).toBeGreaterThanOrEqual(8);
    expect(names.length + tenants.length).toBe(rows.length);
    for (const row of rows) {
      expect([row.displayName, row.source]).toEqual([row.displayName, expect.stringMatching(/^https:\/\//)]);
      expect(row.label).toBe('impersonation');
    }
    // A tenant's sender has a person's name: the tenant alone has to carry the warning.
    for (const row of tenants) expect(row.upn).toMatch(/@[a-z0-9]+\.onmicrosoft\.com$/);
  });

  it('warns about >= 95% of the display names', () => {
    const result = evaluate(names);
    printMatrix('held-out campaign display names', result);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("warns about >= 90% of the tenants when the display name is a person's", () => {
    const result = evaluate(tenants);
    printMatrix("held-out campaign tenants, a person's display name", result);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('ordinary external senders', () => {
  // People and shared mailboxes at ordinary custom domains and *.onmicrosoft.com tenants.
  const rows = readCorpus('ordinary-senders.jsonl');

  it('are many, benign, from external tenants, at both kinds of domain', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.every((row) => row.label === 'benign' && row.tenantId !== 'home-tenant')).toBe(true);
    expect(rows.filter((row) => row.upn?.endsWith('.onmicrosoft.com')).length).toBeGreaterThanOrEqual(100);
  });

  it('warns about <= 3% of them', () => {
    const result = evaluate(rows);
    printMatrix('ordinary external senders', result);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.03);
  });
});

describe('synthetic campaign variants (tuned on)', () => {
  // Real names evolved (check marks, padding, "Cyber ..."), tenants with letter swaps.
  const rows = readCorpus('campaign-variants.jsonl');

  it('are labelled synthetic', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.every((row) => row.source?.startsWith('synthetic:'))).toBe(true);
  });

  it('are warned about, >= 97%', () => {
    const result = evaluate(rows);
    printMatrix('synthetic campaign variants', result);
    expect(result.recall).toBeGreaterThanOrEqual(0.97);
  });
});
