/**
 * Draws the Teams app icons into appPackage/ as SVG rendered by resvg, the renderer the
 * cards' pictures use (src/media/render-png.ts): color.png (192x192, a white shield with a
 * check mark on the accent colour) and outline.png (32x32, the same shield as a white
 * outline on a transparent background, as Teams requires). Run: `npx tsx scripts/make-icons.ts`.
 * The output is deterministic, so re-running it leaves git clean.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPng } from '../src/media/render-png';

/** Teams shows this behind the color icon; it is also the manifest's accentColor. */
export const ACCENT_COLOR = '#1E40AF';

/** The icons' sizes, as the Teams manifest requires them. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/**
 * A heater shield in a 100-unit square: a slightly concave top edge, straight sides down
 * to 42 % of its height, then sides that curve in to a point at the bottom.
 */
const shieldPath = (top: number, bottom: number, halfWidth: number): string => {
  const left = 50 - halfWidth;
  const right = 50 + halfWidth;
  const height = bottom - top;
  const shoulder = top + 0.42 * height;
  const dip = top + 0.12 * height;
  return (
    `M${left} ${top} Q50 ${dip} ${right} ${top} L${right} ${shoulder} ` +
    `C${right} ${shoulder + 0.35 * height} ${50 + halfWidth * 0.4} ${bottom - 0.1 * height} 50 ${bottom} ` +
    `C${50 - halfWidth * 0.4} ${bottom - 0.1 * height} ${left} ${shoulder + 0.35 * height} ${left} ${shoulder} Z`
  );
};

const icon = (size: number, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">${body}</svg>`;

/** Full-bleed accent background, white shield with a shaded right half, accent check. */
export const colorIconSvg = (): string => {
  const shield = shieldPath(17, 86, 30);
  return icon(
    ICON_SIZES.color,
    `<rect width="100" height="100" fill="${ACCENT_COLOR}"/>` +
      `<clipPath id="right"><rect x="50" y="0" width="50" height="100"/></clipPath>` +
      `<path d="${shield}" fill="#FFFFFF"/>` +
      // The right half a shade darker gives the shield a ridge down the middle.
      `<path d="${shield}" fill="#DCE5F7" clip-path="url(#right)"/>` +
      `<path d="M38.5 50.5 L47 59.5 L63 41.5" fill="none" stroke="${ACCENT_COLOR}" stroke-width="7"` +
      ` stroke-linecap="round" stroke-linejoin="round"/>`,
  );
};

/** White shield outline and check on transparent: Teams tints it for its own themes. */
export const outlineIconSvg = (): string =>
  icon(
    ICON_SIZES.outline,
    `<path d="${shieldPath(10, 90, 36.5)}" fill="none" stroke="#FFFFFF" stroke-width="8" stroke-linejoin="round"/>` +
      `<path d="M33 49 L45 61 L67 37" fill="none" stroke="#FFFFFF" stroke-width="9"` +
      ` stroke-linecap="round" stroke-linejoin="round"/>`,
  );

/** The two icons, as PNG bytes. */
export const makeIcons = (): { color: Buffer; outline: Buffer } => ({
  color: renderPng(colorIconSvg()),
  outline: renderPng(outlineIconSvg()),
});

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  const { color, outline } = makeIcons();
  writeFileSync(join(dir, 'color.png'), color);
  writeFileSync(join(dir, 'outline.png'), outline);
  console.log(`wrote ${join(dir, 'color.png')} (192x192) and ${join(dir, 'outline.png')} (32x32)`);
}
