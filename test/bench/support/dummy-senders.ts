/**
 * The senders the classifier bench scores: unique variations of the labelled corpus
 * (test/fixtures/names), first names x surnames x middle initials, impersonations with a
 * person or a number added, each with its own address, so no sender repeats.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SenderIdentity } from '../../../src/detection';

const root = join(__dirname, '../../..');

export interface DummyLabelledName {
  displayName: string;
  label: 'impersonation' | 'benign';
}

export const readCorpus = (file: string): DummyLabelledName[] =>
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
export const uniqueSenders = (rows: DummyLabelledName[], share: number, count: number): SenderIdentity[] => {
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
