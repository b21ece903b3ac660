import { kqlDateTime, windowedQuery } from '../../../../../src/hunting/poller/hunting-query';
import {
  canSplit,
  HUNTING_RETENTION_MS,
  nextWindow,
  splitWindow,
  type WindowSettings,
} from '../../../../../src/hunting/poller/hunting-window';

const minute = 60_000;
const day = 24 * 60 * minute;
const now = Date.parse('2026-11-28T12:00:00.000Z');
const settings: WindowSettings = {
  overlapMs: 10 * minute,
  maxWindowMs: day,
  ingestionDelayMs: 2 * minute,
  retentionMs: HUNTING_RETENTION_MS,
};

describe('nextWindow', () => {
  it('looks back one maximum window on the first run, with no overlap', () => {
    const next = nextWindow(undefined, now, settings);

    expect(next).toEqual({
      window: { fromMs: now - 2 * minute - day, toMs: now - 2 * minute },
      caughtUp: true,
    });
  });

  it('starts the overlap before the watermark and ends the ingestion delay before now', () => {
    const watermark = now - 7 * minute;

    const next = nextWindow(watermark, now, settings);

    expect(next?.window).toEqual({ fromMs: watermark - 10 * minute, toMs: now - 2 * minute });
    expect(next?.caughtUp).toBe(true);
  });

  it('catches up in steps of the maximum window after a long outage', () => {
    const watermark = now - 3 * day;

    const next = nextWindow(watermark, now, settings);

    expect(next?.window).toEqual({ fromMs: watermark - 10 * minute, toMs: watermark + day });
    expect(next?.caughtUp).toBe(false);
  });

  it.each([
    ['at the end of the last window', 0],
    ['less than a second of new time', 999],
  ])('has nothing to do %s', (_case, extraMs) => {
    expect(nextWindow(now - 2 * minute - extraMs, now, settings)).toBeUndefined();
  });

  it('asks for nothing older than the 30 days Defender keeps, and says what was lost', () => {
    const watermark = now - 40 * day;

    const next = nextWindow(watermark, now, settings);

    expect(next?.window.fromMs).toBe(now - 30 * day);
    expect(next?.window.toMs).toBe(now - 29 * day);
    expect(next?.lost).toEqual({ fromMs: watermark, toMs: now - 30 * day });
  });
});

describe('splitWindow', () => {
  it('halves a window into two that meet at the middle', () => {
    expect(splitWindow({ fromMs: 1_000, toMs: 5_000 })).toEqual([
      { fromMs: 1_000, toMs: 3_000 },
      { fromMs: 3_000, toMs: 5_000 },
    ]);
  });

  it.each([
    [2_000, true],
    [1_999, false],
  ])('splits a %d ms window down to 1 s halves: %s', (spanMs, splittable) => {
    expect(canSplit({ fromMs: 0, toMs: spanMs }, 1_000)).toBe(splittable);
  });
});

describe('windowedQuery', () => {
  it('prepends the window as KQL datetimes, ending one tick before the end', () => {
    const text = windowedQuery('CloudAppEvents | where Timestamp between (hgFrom .. hgTo)', {
      fromMs: Date.parse('2026-11-27T22:00:00.000Z'),
      toMs: Date.parse('2026-11-27T23:00:00.000Z'),
    });

    expect(text).toBe(
      'let hgFrom = datetime(2026-11-27T22:00:00.0000000Z);\n' +
        'let hgTo = datetime(2026-11-27T22:59:59.9999999Z);\n' +
        'CloudAppEvents | where Timestamp between (hgFrom .. hgTo)',
    );
  });

  it('writes a millisecond instant with Kusto ticks', () => {
    expect(kqlDateTime(Date.parse('2026-11-27T22:00:03.120Z'))).toBe(
      'datetime(2026-11-27T22:00:03.1200000Z)',
    );
  });
});
