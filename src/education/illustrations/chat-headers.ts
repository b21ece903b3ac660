import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import type { Translator } from '../../i18n/translations';
import { truncate } from './escape-xml';
import { impersonatorAccount, impersonatorName } from './impersonator';
import { approxWidth, avatar, COLORS, externalLabel, initialsOf, rect, svgDocument, text } from './svg';

export const CHAT_HEADERS_WIDTH = 600;
const HEIGHT = 330;

/**
 * The real helpdesk's Teams chat header (its name, its domain, no External label) above an
 * impersonator's ("IT Helpdesk", a fresh onmicrosoft.com domain, External, and the
 * Accept / Block screen a first message from outside brings), in the reader's language.
 */
export const chatHeadersSvg = (
  profile: Pick<HelpdeskProfile, 'helpdeskName' | 'internalDomains' | 'orgName'>,
  t: Translator,
): string => {
  const helpdesk = truncate(profile.helpdeskName, 34);
  const domain = truncate(`@${profile.internalDomains[0]}`, 40);
  const fake = impersonatorAccount(profile);
  const name = truncate(impersonatorName(t), 24);
  return svgDocument(
    CHAT_HEADERS_WIDTH,
    HEIGHT,
    [
      // The real one.
      text(20, 26, t.t('pictures.chatHeaders.real'), { size: 13, bold: true, fill: COLORS.good }),
      rect(20, 34, 560, 60, COLORS.panel, { radius: 6, stroke: COLORS.line }),
      avatar(52, 64, initialsOf(profile.helpdeskName), COLORS.brand),
      text(82, 60, helpdesk, { size: 16, bold: true }),
      text(82, 80, domain, { size: 13, fill: COLORS.subtle }),
      text(566, 70, t.t('pictures.chatHeaders.noExternalLabel'), {
        size: 12,
        fill: COLORS.good,
        anchor: 'end',
      }),
      // The impersonator.
      text(20, 122, t.t('pictures.chatHeaders.fake'), { size: 13, bold: true, fill: COLORS.bad }),
      rect(20, 130, 560, 180, COLORS.panel, { radius: 6, stroke: COLORS.bad }),
      avatar(52, 160, initialsOf(name), COLORS.subtle),
      text(82, 156, name, { size: 16, bold: true }),
      // Right after the name, however long the language makes it (200 for "IT Helpdesk").
      externalLabel(Math.max(200, Math.ceil(82 + approxWidth(name, 16) + 8)), 156, t.t('pictures.external')),
      text(82, 176, truncate(fake, 56), { size: 13, fill: COLORS.subtle }),
      rect(36, 194, 528, 1, COLORS.line),
      text(300, 220, truncate(t.t('pictures.chatHeaders.wantsToChat', { name }), 60), {
        size: 14,
        bold: true,
        anchor: 'middle',
      }),
      text(300, 242, truncate(t.t('pictures.chatHeaders.preview'), 80), {
        size: 13,
        fill: COLORS.subtle,
        anchor: 'middle',
      }),
      rect(186, 260, 100, 32, COLORS.bad, { radius: 4 }),
      text(236, 281, t.t('pictures.chatHeaders.block'), {
        size: 14,
        bold: true,
        fill: '#FFFFFF',
        anchor: 'middle',
      }),
      rect(314, 260, 100, 32, COLORS.panel, { radius: 4, stroke: COLORS.line }),
      text(364, 281, t.t('pictures.chatHeaders.accept'), { size: 14, fill: COLORS.subtle, anchor: 'middle' }),
    ],
    t.language,
  );
};

/** What a screen reader says instead, in the reader's language. */
export const chatHeadersAlt = (
  profile: Pick<HelpdeskProfile, 'helpdeskName' | 'internalDomains'>,
  t: Translator,
): string =>
  t.t('pictures.chatHeaders.alt', {
    helpdeskName: profile.helpdeskName,
    domain: profile.internalDomains[0],
    impersonator: impersonatorName(t),
  });
