import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import { truncate } from './escape-xml';
import { IMPERSONATOR_NAME, impersonatorAccount } from './impersonator';
import { avatar, COLORS, externalLabel, rect, svgDocument, text } from './svg';

export const DISPLAY_NAME_WIDTH = 600;
const HEIGHT = 200;

/** A display name ("IT Helpdesk") and the account behind it (an onmicrosoft.com address). */
export const displayNameSvg = (profile: Pick<HelpdeskProfile, 'internalDomains' | 'orgName'>): string =>
  svgDocument(DISPLAY_NAME_WIDTH, HEIGHT, [
    text(20, 26, 'What you see', { size: 13, bold: true, fill: COLORS.subtle }),
    rect(20, 34, 250, 60, COLORS.panel, { radius: 6, stroke: COLORS.line }),
    avatar(52, 64, 'IH', COLORS.subtle),
    text(82, 70, IMPERSONATOR_NAME, { size: 16, bold: true }),
    // The arrow from the name to the account.
    `<path d="M282 64 H318 M308 54 L320 64 L308 74" stroke="${COLORS.text}" stroke-width="3" fill="none"/>`,
    text(330, 26, 'Who it really is', { size: 13, bold: true, fill: COLORS.bad }),
    rect(330, 34, 250, 60, COLORS.panel, { radius: 6, stroke: COLORS.bad }),
    text(342, 58, 'it.support@', { size: 13 }),
    text(342, 80, truncate(impersonatorAccount(profile).split('@')[1], 34), { size: 11 }),
    externalLabel(502, 58),
    text(300, 136, 'A display name is free text: anyone can use it.', {
      size: 15,
      bold: true,
      anchor: 'middle',
    }),
    text(300, 164, truncate(`Check the account. Ours end in @${profile.internalDomains[0]}.`, 70), {
      size: 14,
      fill: COLORS.good,
      anchor: 'middle',
    }),
  ]);

export const displayNameAlt = (profile: Pick<HelpdeskProfile, 'internalDomains'>): string =>
  `The display name "${IMPERSONATOR_NAME}" next to the account behind it, an External ` +
  `@something.onmicrosoft.com address. A display name is free text; real accounts end in @${profile.internalDomains[0]}.`;
