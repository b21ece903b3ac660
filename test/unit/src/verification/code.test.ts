import { drawFreeCode, formatCode, generateCode, parseCode } from '../../../../src/verification/code';

describe('parseCode', () => {
  it.each([
    ['482913', '482913'],
    ['482 913', '482913'],
    ['482-913', '482913'],
    ['  482 913 ', '482913'],
    ['000 001', '000001'],
  ])('reads %j as %s', (typed, digits) => {
    expect(parseCode(typed)).toBe(digits);
  });

  it.each(['', '48291', '4829130', '482  913', '482 - 913', '48 2913', 'abc def', '482913x', '٤٨٢٩١٣'])(
    'refuses %j',
    (typed) => {
      expect(parseCode(typed)).toBeUndefined();
    },
  );
});

describe('formatCode', () => {
  it('groups six digits in two threes', () => {
    expect(formatCode('048291')).toBe('048 291');
  });
});

describe('generateCode', () => {
  it('draws six digits, leading zeros kept', () => {
    const codes = Array.from({ length: 200 }, generateCode);

    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });
});

describe('drawFreeCode', () => {
  it('returns the first code the store accepts', async () => {
    const drawn = ['111111', '222222'];
    const taken = new Set(['111111']);

    const code = await drawFreeCode(
      () => drawn.shift() as string,
      async (candidate) => !taken.has(candidate),
    );

    expect(code).toBe('222222');
  });

  it('gives up with store_unavailable after ten refusals', async () => {
    let draws = 0;

    await expect(
      drawFreeCode(
        () => {
          draws += 1;
          return '111111';
        },
        async () => false,
      ),
    ).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(draws).toBe(10);
  });
});
