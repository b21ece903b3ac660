/**
 * The pictures the education cards show, drawn as SVG from the helpdesk profile, every
 * word in the reader's language (the `pictures` catalogue). Plain functions: profile and
 * translator in, SVG text out; src/media renders and serves them.
 */
import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import type { Translator } from '../../i18n/translations';
import { chatHeadersAlt, chatHeadersSvg } from './chat-headers';
import { displayNameAlt, displayNameSvg } from './display-name';
import { quickAssistAlt, quickAssistSvg } from './quick-assist';

export type IllustrationId = 'chat-headers' | 'display-name' | 'quick-assist';

export interface Illustration {
  id: IllustrationId;
  /** The SVG document in `t`'s language; every profile and catalogue string in it is escaped. */
  svg: (profile: HelpdeskProfile, t: Translator) => string;
  /** What a screen reader reads instead (the card Image's altText), in `t`'s language. */
  altText: (profile: HelpdeskProfile, t: Translator) => string;
}

/** Every picture, in a stable order. */
export const ILLUSTRATIONS: readonly Illustration[] = [
  { id: 'chat-headers', svg: chatHeadersSvg, altText: chatHeadersAlt },
  { id: 'display-name', svg: displayNameSvg, altText: displayNameAlt },
  { id: 'quick-assist', svg: quickAssistSvg, altText: quickAssistAlt },
];

/** Which picture says a tip better, by what the tip is about; undefined when none does. */
export const illustrationForTip = (tip: string): IllustrationId | undefined => {
  if (/quick assist|anydesk|teamviewer/i.test(tip)) return 'quick-assist';
  if (/display names?\b/i.test(tip)) return 'display-name';
  if (/\bexternal\b|accept\s*\/\s*block/i.test(tip)) return 'chat-headers';
  return undefined;
};
