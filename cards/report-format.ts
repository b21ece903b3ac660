/** Small text helpers shared by the report cards. */

/**
 * A time Teams renders in the reader's own time zone and format: `{{DATE(…, SHORT)}}
 * {{TIME(…)}}`. The functions take RFC 3339 without fractional seconds.
 */
export const cardDateTime = (ms: number): string => {
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
};

/**
 * Text from outside (an attacker picks their display name) shown in a TextBlock, which
 * renders markdown: a zero-width space between "]" and "(" keeps "[Open](https://…)"
 * from becoming a link in a card the security team trusts.
 */
export const plainText = (text: string): string => text.replace(/\]\s*\(/g, ']\u200b(');
