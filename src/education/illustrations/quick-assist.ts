import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import type { Translator } from '../../i18n/translations';
import { truncate } from './escape-xml';
import { COLORS, rect, svgDocument, text } from './svg';

export const QUICK_ASSIST_WIDTH = 600;
const HEIGHT = 290;

/** The caption the issue asks for ("Never for an external chat"), in the reader's language. */
export const quickAssistCaption = (t: Translator): string => t.t('pictures.quickAssist.caption');

/** Quick Assist's window and its code prompt, as Windows shows them in that language, with the rule as a caption. */
export const quickAssistSvg = (profile: Pick<HelpdeskProfile, 'helpdeskName'>, t: Translator): string => {
  const boxes = Array.from({ length: 8 }, (_, i) =>
    rect(120 + i * 38, 134, 30, 36, COLORS.panel, { radius: 3, stroke: COLORS.line }),
  );
  return svgDocument(
    QUICK_ASSIST_WIDTH,
    HEIGHT,
    [
      rect(100, 16, 400, 198, COLORS.panel, { radius: 6, stroke: COLORS.line }),
      rect(100, 16, 400, 30, COLORS.brand, { radius: 6 }),
      rect(100, 36, 400, 10, COLORS.brand),
      text(116, 36, t.t('pictures.quickAssist.title'), { size: 13, bold: true, fill: '#FFFFFF' }),
      text(120, 76, t.t('pictures.quickAssist.getHelp'), { size: 16, bold: true }),
      text(120, 100, t.t('pictures.quickAssist.enterCode'), { size: 13, fill: COLORS.subtle }),
      text(120, 120, t.t('pictures.quickAssist.enterCodeLine2'), { size: 13, fill: COLORS.subtle }),
      ...boxes,
      rect(400, 178, 80, 26, COLORS.brand, { radius: 4 }),
      text(440, 196, t.t('pictures.quickAssist.submit'), {
        size: 13,
        bold: true,
        fill: '#FFFFFF',
        anchor: 'middle',
      }),
      rect(60, 222, 480, 54, COLORS.bad, { radius: 6 }),
      text(300, 246, quickAssistCaption(t), { size: 18, bold: true, fill: '#FFFFFF', anchor: 'middle' }),
      text(
        300,
        266,
        truncate(t.t('pictures.quickAssist.neverAsks', { helpdeskName: profile.helpdeskName }), 60),
        {
          size: 12,
          fill: '#FFFFFF',
          anchor: 'middle',
        },
      ),
    ],
    t.language,
  );
};

/** What a screen reader says instead, in the reader's language. */
export const quickAssistAlt = (profile: Pick<HelpdeskProfile, 'helpdeskName'>, t: Translator): string =>
  t.t('pictures.quickAssist.alt', { caption: quickAssistCaption(t), helpdeskName: profile.helpdeskName });
