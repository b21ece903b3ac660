/**
 * SVG to PNG with resvg and a bundled font (DejaVu Sans, from the dejavu-fonts-ttf
 * package), never the system's fonts: the same SVG gives the same bytes on every machine,
 * so every replica names a picture by the same hash.
 */
import { Resvg } from '@resvg/resvg-js';

/** The one font family pictures use; SVGs name it in font-family. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Regular and bold: the weights the pictures draw with. */
export const FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

export interface RenderOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
}

/** Renders an SVG document to PNG bytes. */
export const renderPng = (svg: string, { width }: RenderOptions = {}): Buffer =>
  new Resvg(svg, {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  })
    .render()
    .asPng();
