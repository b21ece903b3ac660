import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import { TRICK_PICTURE, type Trick } from '../src/education/nudges';
import type { MessageKey, TextSection, Translator } from '../src/i18n/translations';
import { fitCardImages, type CardImage, type FitOptions } from '../src/media/card-images';
import { mediaLibraryFor } from '../src/media/media-library';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './nudge.json';
import { QUIZ_START_VERB } from './quiz-verbs';
import { plainText } from './report-format';
import { REPORT_CHAT_VERB } from './verification-verbs';

const compiled = new Template(template);

const LESSON: Record<Trick, MessageKey> = {
  'copied-name': 'welcome.nudge.lessons.copiedName',
  microsoft: 'welcome.nudge.lessons.microsoft',
  'role-name': 'welcome.nudge.lessons.roleName',
  'foreign-domain': 'welcome.nudge.lessons.foreignDomain',
  urgency: 'welcome.nudge.lessons.urgency',
  'remote-access': 'welcome.nudge.lessons.remoteAccess',
};

export interface NudgeCardData {
  t: TextSection;
  lesson: string;
  chatThreadId: string;
  reportVerb: string;
  quizVerb: string;
  image?: CardImage;
}

export interface NudgeFacts {
  /** The sender's display name as the warning named it (outside text: made safe here). */
  sender: string;
  chatThreadId: string;
  trick: Trick;
}

/** The title the card and its notification preview share. */
export const nudgeTitle = (t: Translator, facts: Pick<NudgeFacts, 'sender'>): string =>
  t.t('welcome.nudge.title', { sender: plainText(facts.sender) });

/** The lesson a day after an unanswered warning, in the reader's language, with the trick's picture. */
export const nudgeCard = (
  t: Translator,
  profile: HelpdeskProfile,
  facts: NudgeFacts,
  options: FitOptions = {},
): AdaptiveCardJson => {
  const params = {
    sender: plainText(facts.sender),
    helpdeskName: profile.helpdeskName,
    orgName: profile.orgName,
    internalDomains: t.list(
      profile.internalDomains.map((domain) => `@${domain}`),
      'disjunction',
    ),
  };
  const data: NudgeCardData = {
    t: t.section('welcome.nudge', params),
    lesson: t.t(LESSON[facts.trick], params),
    chatThreadId: facts.chatThreadId,
    reportVerb: REPORT_CHAT_VERB,
    quizVerb: QUIZ_START_VERB,
  };
  return fitCardImages(
    mediaLibraryFor(profile, t.language),
    [TRICK_PICTURE[facts.trick]],
    ([image]) => compiled.expand({ $root: { ...data, image } }) as AdaptiveCardJson,
    options,
  );
};
