import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import { truncate } from './escape-xml';
import { IMPERSONATOR_NAME, impersonatorAccount } from './impersonator';
import { avatar, COLORS, externalLabel, initialsOf, rect, svgDocument, text } from './svg';

export const CHAT_HEADERS_WIDTH = 600;
const HEIGHT = 330;

/**
 * The real helpdesk's Teams chat header (its name, its domain, no External label) above an
 * impersonator's ("IT Helpdesk", a fresh onmicrosoft.com domain, External, and the
 * Accept / Block screen a first message from outside brings).
 */
export const chatHeadersSvg = (
  profile: Pick<HelpdeskProfile, 'helpdeskName' | 'internalDomains' | 'orgName'>,
): string => {
  const helpdesk = truncate(profile.helpdeskName, 34);
  const domain = truncate(`@${profile.internalDomains[0]}`, 40);
  const fake = impersonatorAccount(profile);
  return svgDocument(CHAT_HEADERS_WIDTH, HEIGHT, [
    // The real one.
    text(20, 26, 'Real', { size: 13, bold: true, fill: COLORS.good }),
    rect(20, 34, 560, 60, COLORS.panel, { radius: 6, stroke: COLORS.line }),
    avatar(52, 64, initialsOf(profile.helpdeskName), COLORS.brand),
    text(82, 60, helpdesk, { size: 16, bold: true }),
    text(82, 80, domain, { size: 13, fill: COLORS.subtle }),
    text(566, 70, 'no External label', { size: 12, fill: COLORS.good, anchor: 'end' }),
    // The impersonator.
    text(20, 122, 'Fake', { size: 13, bold: true, fill: COLORS.bad }),
    rect(20, 130, 560, 180, COLORS.panel, { radius: 6, stroke: COLORS.bad }),
    avatar(52, 160, 'IH', COLORS.subtle),
    text(82, 156, IMPERSONATOR_NAME, { size: 16, bold: true }),
    externalLabel(200, 156),
    text(82, 176, truncate(fake, 56), { size: 13, fill: COLORS.subtle }),
    rect(36, 194, 528, 1, COLORS.line),
    text(300, 220, `${IMPERSONATOR_NAME} (External) wants to chat with you`, {
      size: 14,
      bold: true,
      anchor: 'middle',
    }),
    text(300, 242, '"Hi, this is IT support. Your mailbox is about to be locked..."', {
      size: 13,
      fill: COLORS.subtle,
      anchor: 'middle',
    }),
    rect(186, 260, 100, 32, COLORS.bad, { radius: 4 }),
    text(236, 281, 'Block', { size: 14, bold: true, fill: '#FFFFFF', anchor: 'middle' }),
    rect(314, 260, 100, 32, COLORS.panel, { radius: 4, stroke: COLORS.line }),
    text(364, 281, 'Accept', { size: 14, fill: COLORS.subtle, anchor: 'middle' }),
  ]);
};

/** What a screen reader says instead. */
export const chatHeadersAlt = (profile: Pick<HelpdeskProfile, 'helpdeskName' | 'internalDomains'>): string =>
  `Two Teams chat headers. Real: ${profile.helpdeskName}, an @${profile.internalDomains[0]} account, ` +
  `with no External label. Fake: "${IMPERSONATOR_NAME}" from an onmicrosoft.com account, marked External, ` +
  'with the Accept or Block screen of a first message from outside; choose Block.';
