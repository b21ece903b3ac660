/**
 * classifierRatio: names per second of the scorer (createDetector().score, as compiled for
 * npm start) over a bare pass over the same senders that only folds confusables (NFKC,
 * then the Unicode confusables skeleton of `unhomoglyph`) and runs one regular expression
 * of role words; same process, same senders, same run: two rounds over 200,000 unique
 * senders (10 % impersonations, far more than real traffic holds), the two taking turns
 * every 5,000 senders so that both meet the same noise of a shared machine.
 */
import unhomoglyph from 'unhomoglyph';
import type * as Detection from '../../src/detection';
import type { SenderIdentity } from '../../src/detection';
import type { BenchPart } from './support/bench-part';
import { fromBuild } from './support/build';
import { readCorpus, uniqueSenders } from './support/dummy-senders';
import { mean, type Pair } from './support/figures';

const SENDERS = 200_000;
const ROUNDS = 2;
const ROLE_WORDS =
  /\b(?:it|i\.t\.|help\s*desk|service\s*desk|support|security|admin(?:istrator)?|microsoft|office\s*365|m365|tech(?:nical)?|team|desk|helpline)\b/;

/** Senders per block: the two passes take turns block by block, so both meet the same noise. */
const BLOCK = 5_000;

/**
 * One round: every block of senders through `ours`, then through `bare`, timing each;
 * resolves with names per second of each over the whole round.
 */
const interleavedRound = (
  senders: SenderIdentity[],
  ours: (sender: SenderIdentity) => boolean,
  bare: (sender: SenderIdentity) => boolean,
): Pair => {
  const nanos = { ours: 0n, bare: 0n };
  const hits = { ours: 0, bare: 0 };
  for (let from = 0; from < senders.length; from += BLOCK) {
    const block = senders.slice(from, from + BLOCK);
    for (const [who, classify] of [
      ['ours', ours],
      ['bare', bare],
    ] as const) {
      const started = process.hrtime.bigint();
      for (const sender of block) if (classify(sender)) hits[who] += 1;
      nanos[who] += process.hrtime.bigint() - started;
    }
  }
  if (hits.ours === 0 || hits.bare === 0) throw new Error('nothing matched: a pass is not classifying');
  const rate = (ns: bigint) => senders.length / (Number(ns) / 1e9);
  return {
    ours: rate(nanos.ours),
    baseline: rate(nanos.bare),
    ratio: Number(nanos.bare) / Number(nanos.ours),
  };
};

export const classifierBench: BenchPart = {
  name: 'classifier',
  async run() {
    const senders = uniqueSenders(readCorpus('labelled-names.jsonl'), 0.1, SENDERS);
    const { createDetector } = fromBuild<typeof Detection>('src/detection');
    const detector = createDetector({
      homeTenantId: 'home',
      trustedTenantIds: ['partner'],
      orgName: 'Contoso',
      orgDomains: ['contoso.com'],
    });
    const ours = (sender: SenderIdentity) => detector.score(sender).verdict === 'warn';
    const bare = (sender: SenderIdentity) =>
      ROLE_WORDS.test(unhomoglyph(sender.displayName.normalize('NFKC')).toLowerCase());
    // Warm-up: both compiled by the JIT before anything is timed.
    interleavedRound(senders.slice(0, 50_000), ours, bare);
    const pairs: Pair[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const pair = interleavedRound(senders, ours, bare);
      pairs.push(pair);
      console.log(
        `  classifier round ${round + 1}: scorer ${pair.ours.toFixed(0)} names/s, bare fold + regex ${pair.baseline.toFixed(0)} names/s, ratio ${pair.ratio.toFixed(3)}`,
      );
    }
    return [
      {
        key: 'classifierRatio',
        label: `scorer / NFKC + confusables skeleton + one regex, ${SENDERS} senders`,
        value: mean(pairs.map((pair) => pair.ratio)),
        ours: mean(pairs.map((pair) => pair.ours)),
        baseline: mean(pairs.map((pair) => pair.baseline)),
        rateUnit: 'names/s',
        pairs,
        target: { min: 0.3 },
        headline: true,
      },
    ];
  },
};
