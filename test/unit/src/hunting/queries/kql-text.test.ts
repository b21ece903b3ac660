import {
  bindsWindow,
  filtersOnWindow,
  finalProjectColumns,
  letListValues,
  stripKqlComments,
  withLetList,
  withLetNumber,
} from '../../../../../src/hunting/queries/kql-text';

describe('the KQL text the loader checks', () => {
  it('drops // comments but keeps // inside string literals', () => {
    const kql = 'T // a comment\n| where Url has "https://evil.example" // another\n| where A == \'x//y\'';

    expect(stripKqlComments(kql)).toBe('T \n| where Url has "https://evil.example" \n| where A == \'x//y\'');
  });

  it('keeps an escaped quote inside a string literal', () => {
    expect(stripKqlComments('print "a\\"//b" // c')).toBe('print "a\\"//b" ');
  });

  it.each([
    ['| where Timestamp between (hgFrom .. hgTo)', true],
    ['| where Timestamp between(hgFrom..hgTo)', true],
    ['| where Timestamp between (hgFrom .. now())', false],
    ['| where OtherTimestamp between (hgFrom .. hgTo)', false],
  ])('finds the window filter in %s: %p', (code, found) => {
    expect(filtersOnWindow(code, 'Timestamp')).toBe(found);
  });

  it('sees a query binding the window itself', () => {
    expect(bindsWindow('let hgTo = now();\nT')).toBe(true);
    expect(bindsWindow('let hgFromDay = 1d;\nT')).toBe(false);
  });

  it('reads the final project as plain column names only', () => {
    expect(finalProjectColumns('T\n| project A, B,\n    C\n')).toEqual(['A', 'B', 'C']);
    expect(finalProjectColumns('T | project A, B = tostring(C)')).toBeUndefined();
    expect(finalProjectColumns('T | project A | where A > 1')).toBeUndefined();
    expect(finalProjectColumns('T | where A > 1')).toBeUndefined();
  });

  it('fills a list parameter with escaped string literals, so a value cannot add query text', () => {
    const kql = 'let tools = dynamic(["a.exe"]);\nT | where FileName in~ (tools)';

    const filled = withLetList(kql, 'tools', ['b.exe', 'x"]); T | take 1; print("']);

    expect(filled).toBe(
      'let tools = dynamic(["b.exe", "x\\"]); T | take 1; print(\\""]);\nT | where FileName in~ (tools)',
    );
    expect(letListValues(filled!, 'tools')).toEqual(['b.exe', 'x"]); T | take 1; print("']);
  });

  it('fills a number parameter, and says when the line is missing', () => {
    expect(withLetNumber('let n = 50;\nT', 'n', 7)).toBe('let n = 7;\nT');
    expect(withLetNumber('let n = 5m;\nT', 'n', 7)).toBeUndefined();
    expect(withLetList('// let tools = dynamic([]);\nT', 'tools', ['a.exe'])).toBeUndefined();
  });
});
