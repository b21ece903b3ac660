/**
 * The few SVG shapes the pictures are drawn with. Every piece of text goes through
 * escapeXml here, so a picture cannot forget to escape a profile string.
 */
import type { Language } from '../../i18n/locales';
import { fontFamilyFor } from '../../media/render-png';
import { escapeXml } from './escape-xml';

/** Flat colours, a handful per picture, so the PNGs stay small. */
export const COLORS = {
  page: '#F5F5F5',
  panel: '#FFFFFF',
  line: '#D1D1D1',
  text: '#242424',
  subtle: '#616161',
  brand: '#5B5FC7',
  good: '#0E700E',
  bad: '#C4314B',
  externalBg: '#FBE3CC',
  externalText: '#8A3707',
} as const;

export interface TextStyle {
  size?: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

/** One line of text (escaped). */
export const text = (x: number, y: number, content: string, style: TextStyle = {}): string =>
  `<text x="${x}" y="${y}" font-size="${style.size ?? 14}"${style.bold ? ' font-weight="bold"' : ''}` +
  ` fill="${style.fill ?? COLORS.text}"${style.anchor ? ` text-anchor="${style.anchor}"` : ''}>${escapeXml(content)}</text>`;

export const rect = (
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  extra: { radius?: number; stroke?: string } = {},
): string =>
  `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${extra.radius ?? 0}" fill="${fill}"` +
  `${extra.stroke ? ` stroke="${extra.stroke}"` : ''}/>`;

/** A round avatar with initials, as Teams shows a person without a photo. */
export const avatar = (cx: number, cy: number, initials: string, fill: string): string =>
  `<circle cx="${cx}" cy="${cy}" r="18" fill="${fill}"/>` +
  text(cx, cy + 5, initials, { size: 14, bold: true, fill: '#FFFFFF', anchor: 'middle' });

/**
 * About how wide `content` is drawn at `size` px: full-width (CJK) characters take an em,
 * others about 0.6 of one (DejaVu Sans bold).
 */
export const approxWidth = (content: string, size: number): number =>
  [...content].reduce(
    (sum, char) =>
      sum + (/[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uff60]/.test(char) ? 1 : 0.6),
    0,
  ) * size;

/** The label Teams puts after an external person's name ("External", in the picture's language). */
export const externalLabel = (x: number, y: number, label: string): string =>
  rect(x, y - 14, 66, 20, COLORS.externalBg, { radius: 10 }) +
  text(x + 33, y + 1, label, { size: 12, bold: true, fill: COLORS.externalText, anchor: 'middle' });

/** Up to two initials of a name ("Contoso IT Service Desk" -> "CI"). */
export const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => [...word][0].toUpperCase())
    .join('') || '?';

/**
 * The whole document: a page-coloured background, the font family of the picture's
 * language (src/media/render-png.ts loads its fonts), the parts.
 */
export const svgDocument = (
  width: number,
  height: number,
  parts: readonly string[],
  language: Language = 'en',
): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
  ` font-family="${fontFamilyFor(language)}">${rect(0, 0, width, height, COLORS.page)}${parts.join('')}</svg>`;
