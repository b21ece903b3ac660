/**
 * An Aho-Corasick automaton over skeletons: one pass over a name finds every term in
 * it, in time linear in the name, whatever the size of the vocabulary. The goto table
 * is complete (a DFA), so each letter costs one array read.
 */

/** Letters a-z, then '{' for any letter with no Latin reading. */
export const ALPHABET = 27;
const symbolOf = (code: number): number => (code >= 97 && code <= 122 ? code - 97 : 26);

/** The automaton's tables, read-only, for a scan that walks it letter by letter itself. */
export interface AutomatonTables {
  /** goto[node * ALPHABET + symbol]: the next node (complete: a DFA). */
  readonly goto: Int32Array;
  /** 1 where a node reports a pattern. */
  readonly hasOutput: Uint8Array;
  /** The patterns each node reports. */
  readonly outputs: readonly (readonly number[])[];
  readonly lengths: readonly number[];
  readonly weights: Float64Array;
}

export interface TermAutomaton {
  readonly tables: AutomatonTables;
  /** Calls `onHit` for every occurrence of every pattern. */
  scan(text: string, onHit: (term: number, start: number, end: number) => void): void;
  /** scan() over codes[0, length) (a-z and '{' only, as NameScan.joined holds them). */
  scanCodes(
    codes: Uint8Array,
    length: number,
    onHit: (term: number, start: number, end: number) => void,
  ): void;
  /**
   * Whether any pattern occurs that is a whole word (startAt at its first letter and endAt
   * at its last) weighing at least `minWeight`, or that is at least `embeddable` letters
   * long (inside a word, whatever its weight: its edges become word edges for the others):
   * the only hits a match worth `minWeight` can start from.
   */
  anyWordHit(
    codes: Uint8Array,
    length: number,
    startAt: Uint8Array,
    endAt: Uint8Array,
    embeddable: number,
    minWeight?: number,
  ): boolean;
}

/**
 * Builds the automaton; pattern i reports term i. Patterns are skeletons (a-z), with
 * their weights for anyWordHit's `minWeight` (none given: every pattern weighs 1).
 */
export const buildTermAutomaton = (
  patterns: readonly string[],
  patternWeights?: readonly number[],
): TermAutomaton => {
  const children: number[][] = [new Array<number>(ALPHABET).fill(-1)];
  const outputs: number[][] = [[]];
  patterns.forEach((pattern, term) => {
    let node = 0;
    for (let i = 0; i < pattern.length; i += 1) {
      const symbol = symbolOf(pattern.charCodeAt(i));
      if (children[node][symbol] < 0) {
        children[node][symbol] = children.length;
        children.push(new Array<number>(ALPHABET).fill(-1));
        outputs.push([]);
      }
      node = children[node][symbol];
    }
    outputs[node].push(term);
  });
  const goto = new Int32Array(children.length * ALPHABET);
  const fail = new Int32Array(children.length);
  const queue: number[] = [];
  for (let symbol = 0; symbol < ALPHABET; symbol += 1) {
    const child = children[0][symbol];
    goto[symbol] = child < 0 ? 0 : child;
    if (child > 0) queue.push(child);
  }
  // Breadth first: a node's failure link is complete before its children need it.
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head];
    outputs[node] = [...outputs[node], ...outputs[fail[node]]];
    for (let symbol = 0; symbol < ALPHABET; symbol += 1) {
      const child = children[node][symbol];
      const viaFail = goto[fail[node] * ALPHABET + symbol];
      if (child < 0) goto[node * ALPHABET + symbol] = viaFail;
      else {
        goto[node * ALPHABET + symbol] = child;
        fail[child] = viaFail;
        queue.push(child);
      }
    }
  }
  const lengths = patterns.map((pattern) => pattern.length);
  const weights = Float64Array.from(patterns, (_, term) => patternWeights?.[term] ?? 1);
  const hasOutput = new Uint8Array(children.length);
  for (let node = 0; node < children.length; node += 1) hasOutput[node] = outputs[node].length > 0 ? 1 : 0;
  return {
    tables: { goto, hasOutput, outputs, lengths, weights },
    anyWordHit(codes, length, startAt, endAt, embeddable, minWeight = 0) {
      let node = 0;
      for (let i = 0; i < length; i += 1) {
        // 'a'..'z' are 97..122 and '{' is 123: code - 97 is the symbol.
        node = goto[node * ALPHABET + codes[i] - 97];
        if (hasOutput[node] === 0) continue;
        const found = outputs[node];
        for (let k = 0; k < found.length; k += 1) {
          const term = found[k];
          const size = lengths[term];
          if (endAt[i] !== 0 && startAt[i + 1 - size] !== 0) {
            if (weights[term] >= minWeight) return true;
          } else if (size >= embeddable) return true;
        }
      }
      return false;
    },
    scanCodes(codes, length, onHit) {
      let node = 0;
      for (let i = 0; i < length; i += 1) {
        node = goto[node * ALPHABET + codes[i] - 97];
        if (hasOutput[node] === 0) continue;
        const found = outputs[node];
        for (let k = 0; k < found.length; k += 1) {
          const term = found[k];
          onHit(term, i + 1 - lengths[term], i + 1);
        }
      }
    },
    scan(text, onHit) {
      let node = 0;
      for (let i = 0; i < text.length; i += 1) {
        node = goto[node * ALPHABET + symbolOf(text.charCodeAt(i))];
        const found = outputs[node];
        for (let k = 0; k < found.length; k += 1) {
          const term = found[k];
          onHit(term, i + 1 - lengths[term], i + 1);
        }
      }
    },
  };
};
