/**
 * SVG to PNG with resvg and bundled fonts, never the system's: the same SVG gives the same
 * bytes on every machine, so every replica names a picture by the same hash. DejaVu Sans
 * (dejavu-fonts-ttf) draws the Latin-script languages; it has no CJK glyphs, so Japanese
 * pictures are drawn with Noto Sans JP (@expo-google-fonts/noto-sans-jp), loaded only for them.
 */
import { Resvg } from '@resvg/resvg-js';
import type { Language } from '../i18n/locales';

/** The font family of the Latin-script pictures; SVGs name it in font-family. */
export const FONT_FAMILY = 'DejaVu Sans';

/** The font family of the Japanese pictures (Latin, kana and kanji). */
export const CJK_FONT_FAMILY = 'Noto Sans JP';

/** Regular and bold: the weights the pictures draw with. */
export const FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

/** Regular and bold Noto Sans JP (about 5 MB each, so only Japanese renders load them). */
export const CJK_FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
];

/** The font family a picture in `language` names. */
export const fontFamilyFor = (language: Language): string =>
  language === 'ja' ? CJK_FONT_FAMILY : FONT_FAMILY;

export interface RenderOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
  /** The language of the picture's text: which bundled fonts to load. Default: English. */
  language?: Language;
}

/** Renders an SVG document to PNG bytes. */
export const renderPng = (svg: string, { width, language = 'en' }: RenderOptions = {}): Buffer =>
  new Resvg(svg, {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: {
      fontFiles: language === 'ja' ? [...CJK_FONT_FILES] : [...FONT_FILES],
      loadSystemFonts: false,
      defaultFontFamily: fontFamilyFor(language),
    },
  })
    .render()
    .asPng();
