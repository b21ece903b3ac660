import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import type { Translator } from '../../i18n/translations';
import { truncate } from './escape-xml';
import { impersonatorAccount, impersonatorName } from './impersonator';
import { avatar, COLORS, externalLabel, initialsOf, rect, svgDocument, text } from './svg';

export const DISPLAY_NAME_WIDTH = 600;
const HEIGHT = 200;

/** A display name ("IT Helpdesk") and the account behind it (an onmicrosoft.com address). */
export const displayNameSvg = (
  profile: Pick<HelpdeskProfile, 'internalDomains' | 'orgName'>,
  t: Translator,
): string => {
  const name = truncate(impersonatorName(t), 16);
  return svgDocument(
    DISPLAY_NAME_WIDTH,
    HEIGHT,
    [
      text(20, 26, t.t('pictures.displayName.whatYouSee'), { size: 13, bold: true, fill: COLORS.subtle }),
      rect(20, 34, 250, 60, COLORS.panel, { radius: 6, stroke: COLORS.line }),
      avatar(52, 64, initialsOf(name), COLORS.subtle),
      text(82, 70, name, { size: 16, bold: true }),
      // The arrow from the name to the account.
      `<path d="M282 64 H318 M308 54 L320 64 L308 74" stroke="${COLORS.text}" stroke-width="3" fill="none"/>`,
      text(330, 26, t.t('pictures.displayName.whoItIs'), { size: 13, bold: true, fill: COLORS.bad }),
      rect(330, 34, 250, 60, COLORS.panel, { radius: 6, stroke: COLORS.bad }),
      text(342, 58, 'it.support@', { size: 13 }),
      text(342, 80, truncate(impersonatorAccount(profile).split('@')[1], 34), { size: 11 }),
      externalLabel(502, 58, t.t('pictures.external')),
      text(300, 136, truncate(t.t('pictures.displayName.freeText'), 64), {
        size: 15,
        bold: true,
        anchor: 'middle',
      }),
      text(
        300,
        164,
        truncate(t.t('pictures.displayName.checkAccount', { domain: profile.internalDomains[0] }), 70),
        {
          size: 14,
          fill: COLORS.good,
          anchor: 'middle',
        },
      ),
    ],
    t.language,
  );
};

/** What a screen reader says instead, in the reader's language. */
export const displayNameAlt = (profile: Pick<HelpdeskProfile, 'internalDomains'>, t: Translator): string =>
  t.t('pictures.displayName.alt', { impersonator: impersonatorName(t), domain: profile.internalDomains[0] });
