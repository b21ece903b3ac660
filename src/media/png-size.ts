/** PNG facts read from the header alone, without decoding pixels. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the bytes start like a PNG (signature, then the IHDR chunk). */
export const isPng = (bytes: Buffer): boolean =>
  bytes.length >= 24 && bytes.subarray(0, 8).equals(SIGNATURE) && bytes.toString('ascii', 12, 16) === 'IHDR';

/** Width and height from the IHDR chunk. */
export const readPngSize = (png: Buffer): { width: number; height: number } => {
  if (!isPng(png)) throw new Error('not a PNG file (bad signature or first chunk is not IHDR)');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
};
