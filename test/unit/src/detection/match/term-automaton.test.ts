import { buildTermAutomaton } from '../../../../../src/detection/match/term-automaton';

describe('buildTermAutomaton', () => {
  it('finds every pattern, overlapping ones included', () => {
    const automaton = buildTermAutomaton(['he', 'she', 'his', 'hers']);
    const hits: string[] = [];
    automaton.scan('ushers', (term, start, end) => hits.push(`${term}:${start}-${end}`));
    expect(hits.sort()).toEqual(['0:2-4', '1:1-4', '3:2-6']);
  });
});
