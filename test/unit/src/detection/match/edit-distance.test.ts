import { allowedTypos, boundedEditDistance } from '../../../../../src/detection/match/edit-distance';

describe('boundedEditDistance', () => {
  it.each([
    ['microsoft', 'microsoft', 2, 0],
    ['micorsoft', 'microsoft', 2, 1],
    ['microsft', 'microsoft', 2, 1],
    ['mircosoft', 'microsoft', 2, 1],
    ['helpdesk', 'heipdesk', 2, 1],
    ['amin', 'admin', 1, 1],
    ['sales', 'support', 2, 3],
  ])('%p vs %p (max %p) is %p', (a, b, max, expected) => {
    expect(boundedEditDistance(a, b, max)).toBe(expected);
  });

  it.each([
    [4, 0],
    [5, 0],
    [6, 1],
    [9, 1],
    [10, 2],
  ])('allows %p-letter words %p typos', (length, typos) => {
    expect(allowedTypos(length)).toBe(typos);
  });
});
