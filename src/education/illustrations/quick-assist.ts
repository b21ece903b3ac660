import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import { truncate } from './escape-xml';
import { COLORS, rect, svgDocument, text } from './svg';

export const QUICK_ASSIST_WIDTH = 600;
const HEIGHT = 290;
/** The caption the issue asks for, word for word. */
export const QUICK_ASSIST_CAPTION = 'Never for an external chat';

/** Quick Assist's window and its code prompt, with the rule as a caption. */
export const quickAssistSvg = (profile: Pick<HelpdeskProfile, 'helpdeskName'>): string => {
  const boxes = Array.from({ length: 8 }, (_, i) =>
    rect(120 + i * 38, 134, 30, 36, COLORS.panel, { radius: 3, stroke: COLORS.line }),
  );
  return svgDocument(QUICK_ASSIST_WIDTH, HEIGHT, [
    rect(100, 16, 400, 198, COLORS.panel, { radius: 6, stroke: COLORS.line }),
    rect(100, 16, 400, 30, COLORS.brand, { radius: 6 }),
    rect(100, 36, 400, 10, COLORS.brand),
    text(116, 36, 'Quick Assist', { size: 13, bold: true, fill: '#FFFFFF' }),
    text(120, 76, 'Get help', { size: 16, bold: true }),
    text(120, 100, 'Enter the security code you received', { size: 13, fill: COLORS.subtle }),
    text(120, 120, 'from the person helping you', { size: 13, fill: COLORS.subtle }),
    ...boxes,
    rect(400, 178, 80, 26, COLORS.brand, { radius: 4 }),
    text(440, 196, 'Submit', { size: 13, bold: true, fill: '#FFFFFF', anchor: 'middle' }),
    rect(60, 222, 480, 54, COLORS.bad, { radius: 6 }),
    text(300, 246, QUICK_ASSIST_CAPTION, { size: 18, bold: true, fill: '#FFFFFF', anchor: 'middle' }),
    text(300, 266, truncate(`${profile.helpdeskName} never asks for this in a chat`, 60), {
      size: 12,
      fill: '#FFFFFF',
      anchor: 'middle',
    }),
  ]);
};

export const quickAssistAlt = (profile: Pick<HelpdeskProfile, 'helpdeskName'>): string =>
  `Quick Assist asking for a security code, captioned "${QUICK_ASSIST_CAPTION}": ` +
  `${profile.helpdeskName} never asks you to open it from a chat.`;
