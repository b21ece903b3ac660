import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PACKAGE_DIR } from '../../../scripts/app-manifest';
import { ACCENT_COLOR, ICON_SIZES, makeIcons } from '../../../scripts/make-icons';
import { readPngSize } from '../../../src/media/png-size';
import { decodePng } from '../../support/decode-png';

describe('make-icons', () => {
  const icons = makeIcons();

  it.each(Object.entries(ICON_SIZES))('draws %s.png at %i x %i pixels', (icon, size) => {
    expect(readPngSize(icons[icon as keyof typeof ICON_SIZES])).toEqual({ width: size, height: size });
  });

  it('draws the same bytes every time', () => {
    const again = makeIcons();

    expect(again.color.equals(icons.color)).toBe(true);
    expect(again.outline.equals(icons.outline)).toBe(true);
  });

  // Pixels, not bytes: the committed file must show what the script draws.
  it.each(['color', 'outline'] as const)(
    'the committed %s.png is what scripts/make-icons.ts draws',
    (icon) => {
      const committed = decodePng(readFileSync(join(APP_PACKAGE_DIR, `${icon}.png`)));

      expect(decodePng(icons[icon])).toEqual(committed);
    },
  );

  it('fills the color icon with the accent colour around a white shield', () => {
    const { data, width } = decodePng(icons.color);
    const pixel = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    const accent = [1, 3, 5].map((at) => parseInt(ACCENT_COLOR.slice(at, at + 2), 16));

    expect(pixel(4, 4)).toEqual([...accent, 255]);
    expect(pixel(70, 60)).toEqual([255, 255, 255, 255]);
  });
});
