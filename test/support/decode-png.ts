/**
 * Decodes PNGs for tests (the app icons, the rendered pictures): non-interlaced 8-bit
 * RGBA, the format resvg writes. No dependency beyond node:zlib.
 */
import { inflateSync } from 'node:zlib';
import { readPngSize } from '../../src/media/png-size';

/** Pixels in row-major order, 4 bytes (R, G, B, A) each, not premultiplied. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const COLOR_TYPE_RGBA = 6;

const paeth = (left: number, up: number, upLeft: number): number => {
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : upLeft;
};

/**
 * Decodes a non-interlaced 8-bit RGBA PNG (any of the five row filters), which is what
 * the Teams icon guidance asks for. Other formats are refused with a clear error.
 */
export const decodePng = (png: Buffer): RgbaImage => {
  const { width, height } = readPngSize(png);
  const bitDepth = png[24];
  const colorType = png[25];
  const interlace = png[28];
  if (bitDepth !== 8 || colorType !== COLOR_TYPE_RGBA || interlace !== 0) {
    throw new Error(
      `decodePng supports 8-bit RGBA, non-interlaced PNGs only (got bit depth ${bitDepth}, color type ${colorType}, interlace ${interlace})`,
    );
  }
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x += 1) {
      const left = x >= 4 ? data[y * stride + x - 4] : 0;
      const up = y > 0 ? data[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? data[(y - 1) * stride + x - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`decodePng: unknown filter ${filter} on row ${y}`);
      data[y * stride + x] = (row[x] + predictor) & 0xff;
    }
  }
  return { width, height, data };
};
