import type { HelpdeskProfile } from '../config/helpdesk-profile';
import { ENGLISH } from '../i18n/catalogues';
import { textIn, type LocalizedText } from '../i18n/localized-text';
import type { MessageKey, Translator } from '../i18n/translations';

/** One lesson `tips` shows: the profile's own text, or one of the catalogues' lessons. */
export type Lesson = { text: LocalizedText } | { key: MessageKey };

/** The catalogues' lessons, in the order `tips` shows them. */
export const DEFAULT_LESSONS: readonly Lesson[] = Object.keys(ENGLISH.welcome.defaultTips).map((name) => ({
  key: `welcome.defaultTips.${name}` as MessageKey,
}));

/** The lessons `tips` rotates through: the profile's, else the catalogues'. */
export const lessonsOf = (profile: Pick<HelpdeskProfile, 'tips'>): readonly Lesson[] =>
  profile.tips ? profile.tips.map((text) => ({ text })) : DEFAULT_LESSONS;

/** A lesson in the reader's language (the profile's English when it gave no translation). */
export const lessonText = (lesson: Lesson, t: Translator): string =>
  'key' in lesson ? t.t(lesson.key) : textIn(lesson.text, t.language);
