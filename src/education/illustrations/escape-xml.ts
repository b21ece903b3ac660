/**
 * Characters XML 1.0 forbids in a document: C0 controls other than tab, newline and
 * carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching exactly these control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for SVG: the five XML specials escaped and the forbidden characters dropped, so a
 * profile string can never add markup to a picture or make the document unparsable.
 */
export const escapeXml = (text: string): string =>
  text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Shortens text to `max` characters with an ellipsis, so a long name cannot overflow its box. */
export const truncate = (text: string, max: number): string =>
  [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
