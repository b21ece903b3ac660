import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PACKAGE_DIR } from '../../../scripts/app-manifest';
import { makeIcons } from '../../../scripts/make-icons';
import { decodePng, encodePng, readPngSize } from '../../../scripts/png';

describe('png codec', () => {
  it('decodes what it encodes, pixel for pixel', () => {
    const data = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);

    const decoded = decodePng(encodePng({ width: 3, height: 2, data }));

    expect(decoded).toEqual({ width: 3, height: 2, data });
  });

  it('refuses bytes that are not a PNG', () => {
    expect(() => readPngSize(Buffer.from('GIF89a not a png at all'))).toThrow('not a PNG file');
  });
});

describe('make-icons', () => {
  // Pixels, not bytes: another zlib build may deflate the same pixels differently.
  it.each(['color', 'outline'] as const)(
    'the committed %s.png is what scripts/make-icons.ts draws',
    (icon) => {
      const committed = decodePng(readFileSync(join(APP_PACKAGE_DIR, `${icon}.png`)));

      expect(decodePng(makeIcons()[icon])).toEqual(committed);
    },
  );
});
