import { parseRetryAfter, retryDelayMs } from '../../../../src/events/backoff';

const options = { baseMs: 1_000, maxMs: 8_000, retryAfterMaxMs: 60_000 };

describe('retryDelayMs', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999, 1_000],
    [3, 0, 2_000],
    [10, 0, 4_000],
    [10, 0.999, 8_000],
  ])('after attempt %i with random %f waits about %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, { ...options, random: () => random })).toBeCloseTo(expected, -1);
  });

  it('honours a longer Retry-After', () => {
    expect(retryDelayMs(1, { ...options, random: () => 0 }, 30_000)).toBe(30_000);
  });

  it('keeps its own delay when Retry-After asks for less', () => {
    expect(retryDelayMs(3, { ...options, random: () => 0 }, 1_000)).toBe(2_000);
  });

  it('caps an excessive Retry-After', () => {
    expect(retryDelayMs(1, { ...options, random: () => 0 }, 86_400_000)).toBe(60_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T22:00:00Z');

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Fri, 27 Nov 2026 22:00:30 GMT', 30_000],
    ['Fri, 27 Nov 2026 21:00:00 GMT', 0],
  ])('reads %s as %i ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it.each([undefined, null, '', 'soon'])('ignores %p', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
