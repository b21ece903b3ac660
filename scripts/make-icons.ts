/**
 * Draws the Teams app icons into appPackage/: color.png (192x192, a white shield with a
 * check mark on the accent colour) and outline.png (32x32, the same shield as a white
 * outline on a transparent background, as Teams requires). Run: `npx tsx scripts/make-icons.ts`.
 * The output is deterministic, so re-running it leaves git clean.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type RgbaImage } from './png';

type Rgba = readonly [number, number, number, number];
/** A scene maps a point of the unit square (0..1, y down) to a colour. */
type Scene = (x: number, y: number) => Rgba;

/** Teams shows this behind the color icon; it is also the manifest's accentColor. */
export const ACCENT_COLOR = '#1E40AF';

const hex = (color: string, alpha = 255): Rgba => [
  parseInt(color.slice(1, 3), 16),
  parseInt(color.slice(3, 5), 16),
  parseInt(color.slice(5, 7), 16),
  alpha,
];
const WHITE = hex('#FFFFFF');
const TRANSPARENT: Rgba = [255, 255, 255, 0];

interface ShieldBox {
  top: number;
  bottom: number;
  halfWidth: number;
}

/**
 * A heater shield: a slightly concave top edge, straight sides down to 42 % of its
 * height, then sides that curve in to a point at the bottom.
 */
const insideShield = ({ top, bottom, halfWidth }: ShieldBox, x: number, y: number): boolean => {
  const u = (x - 0.5) / halfWidth;
  const v = (y - top) / (bottom - top);
  if (v > 1 || Math.abs(u) > 1) return false;
  if (v < 0.06 * (1 - u * u)) return false;
  const shoulder = 0.42;
  const halfWidthAt = v <= shoulder ? 1 : 1 - ((v - shoulder) / (1 - shoulder)) ** 1.7;
  return Math.abs(u) <= halfWidthAt;
};

/** Distance from a point to the segment a-b. */
const segmentDistance = (
  x: number,
  y: number,
  [ax, ay]: readonly number[],
  [bx, by]: readonly number[],
): number => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
};

/** A check mark drawn as a two-segment stroke with round ends. */
const onCheck = (points: readonly (readonly number[])[], width: number, x: number, y: number): boolean =>
  Math.min(segmentDistance(x, y, points[0], points[1]), segmentDistance(x, y, points[1], points[2])) <=
  width / 2;

const mix = (a: Rgba, b: Rgba, t: number): Rgba => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
  a[3] + (b[3] - a[3]) * t,
];

/** Full-bleed accent background (a light vertical gradient), white shield, accent check. */
const colorScene: Scene = (x, y) => {
  const shield: ShieldBox = { top: 0.17, bottom: 0.86, halfWidth: 0.3 };
  const check = [
    [0.385, 0.505],
    [0.47, 0.595],
    [0.63, 0.415],
  ];
  const accent = hex(ACCENT_COLOR);
  if (insideShield(shield, x, y)) {
    if (onCheck(check, 0.07, x, y)) return accent;
    // The right half a shade darker gives the shield a ridge down the middle.
    return x < 0.5 ? WHITE : hex('#DCE5F7');
  }
  return mix(hex('#2F5BD8'), accent, y);
};

/** White shield outline and check on transparent: Teams tints it for its own themes. */
const outlineScene: Scene = (x, y) => {
  const outer: ShieldBox = { top: 0.06, bottom: 0.97, halfWidth: 0.41 };
  const inner: ShieldBox = { top: 0.15, bottom: 0.84, halfWidth: 0.325 };
  const check = [
    [0.33, 0.49],
    [0.45, 0.61],
    [0.67, 0.37],
  ];
  const ring = insideShield(outer, x, y) && !insideShield(inner, x, y);
  return ring || onCheck(check, 0.09, x, y) ? WHITE : TRANSPARENT;
};

/** Renders a scene with n x n samples per pixel, averaging in premultiplied alpha. */
export const render = (scene: Scene, size: number, samples: number): RgbaImage => {
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const [cr, cg, cb, ca] = scene(
            (px + (sx + 0.5) / samples) / size,
            (py + (sy + 0.5) / samples) / size,
          );
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = a / (samples * samples);
      // Fully transparent pixels stay white so the outline icon holds only white.
      data[offset] = a === 0 ? 255 : Math.round(r / a);
      data[offset + 1] = a === 0 ? 255 : Math.round(g / a);
      data[offset + 2] = a === 0 ? 255 : Math.round(b / a);
      data[offset + 3] = Math.round(alpha);
    }
  }
  return { width: size, height: size, data };
};

/** The two icons, as PNG bytes. */
export const makeIcons = (): { color: Buffer; outline: Buffer } => ({
  color: encodePng(render(colorScene, 192, 4)),
  outline: encodePng(render(outlineScene, 32, 8)),
});

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  const { color, outline } = makeIcons();
  writeFileSync(join(dir, 'color.png'), color);
  writeFileSync(join(dir, 'outline.png'), outline);
  console.log(`wrote ${join(dir, 'color.png')} (192x192) and ${join(dir, 'outline.png')} (32x32)`);
}
