import { createHash } from 'node:crypto';
import type { HelpdeskProfile } from '../config/helpdesk-profile';
import { textIn, type LocalizedText } from '../i18n/localized-text';
import { message, type Message, type Translator } from '../i18n/translations';
import type { IllustrationId } from './illustrations';

/** Words a user reads: a catalogue message, or a text the profile gives per language. */
export type QuizText = Message | { profileText: LocalizedText };

/** One possible answer; `id` is stable (card data and the store refer to it), the text is not. */
export interface QuizChoice {
  id: string;
  text: QuizText;
  correct: boolean;
}

/** One question of the quiz, its choices in the profile's order (see shuffleChoices). */
export interface QuizQuestion {
  /** Stable across restarts: the store keeps question IDs, never their wording. */
  id: string;
  prompt: Message;
  choices: readonly QuizChoice[];
  /** One or two sentences shown after the answer, right or wrong. */
  explanation: Message;
  /** The picture that goes with the question on its card, when one does. */
  illustration?: IllustrationId;
}

/** A QuizText in the reader's language. */
export const sayQuizText = (t: Translator, text: QuizText): string =>
  'profileText' in text ? textIn(text.profileText, t.language) : t.text(text);

/** The first label of a domain, for lookalikes: contoso.com -> contoso. */
const labelOf = (domain: string): string => domain.split('.')[0];

const realHelpdesk = (profile: HelpdeskProfile): QuizQuestion => {
  const domain = profile.internalDomains[0];
  const label = labelOf(domain);
  const helpdeskName = profile.helpdeskName;
  return {
    id: 'real-helpdesk',
    prompt: message('quiz.questions.realHelpdesk.prompt', { helpdeskName }),
    choices: [
      {
        id: 'internal',
        text: message('quiz.questions.realHelpdesk.internal', {
          displayName: profile.displayNames[0],
          domain,
        }),
        correct: true,
      },
      {
        id: 'fresh-tenant',
        text: message('quiz.questions.realHelpdesk.freshTenant', { label }),
        correct: false,
      },
      {
        id: 'lookalike-domain',
        text: message('quiz.questions.realHelpdesk.lookalikeDomain', { helpdeskName, label }),
        correct: false,
      },
      { id: 'microsoft', text: message('quiz.questions.realHelpdesk.microsoft'), correct: false },
    ],
    explanation: message('quiz.questions.realHelpdesk.explanation', {
      helpdeskName,
      domains: `@${profile.internalDomains.join(', @')}`,
    }),
    illustration: 'chat-headers',
  };
};

const quickAssist = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'quick-assist',
  prompt: message('quiz.questions.quickAssist.prompt'),
  choices: [
    { id: 'refuse-report', text: message('quiz.questions.quickAssist.refuseReport'), correct: true },
    { id: 'watch', text: message('quiz.questions.quickAssist.watch'), correct: false },
    { id: 'ask-proof', text: message('quiz.questions.quickAssist.askProof'), correct: false },
    { id: 'comply', text: message('quiz.questions.quickAssist.comply'), correct: false },
  ],
  explanation: message('quiz.questions.quickAssist.explanation', { helpdeskName: profile.helpdeskName }),
  illustration: 'quick-assist',
});

const contactChannel = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'contact-channel',
  prompt: message('quiz.questions.contactChannel.prompt', { helpdeskName: profile.helpdeskName }),
  choices: [
    { id: 'real-channel', text: { profileText: profile.contactChannels[0] }, correct: true },
    { id: 'external-chat', text: message('quiz.questions.contactChannel.externalChat'), correct: false },
    { id: 'sms-app', text: message('quiz.questions.contactChannel.smsApp'), correct: false },
    { id: 'sign-in-prompt', text: message('quiz.questions.contactChannel.signInPrompt'), correct: false },
  ],
  explanation: message('quiz.questions.contactChannel.explanation', { helpdeskName: profile.helpdeskName }),
  // The wrong answers are chats and calls from names anyone can take.
  illustration: 'display-name',
});

const verifyCaller = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'verify-caller',
  prompt: message('quiz.questions.verifyCaller.prompt', { helpdeskName: profile.helpdeskName }),
  choices: [
    { id: 'verify-code', text: message('quiz.questions.verifyCaller.verifyCode'), correct: true },
    { id: 'caller-id', text: message('quiz.questions.verifyCaller.callerId'), correct: false },
    { id: 'employee-id', text: message('quiz.questions.verifyCaller.employeeId'), correct: false },
    { id: 'knows-details', text: message('quiz.questions.verifyCaller.knowsDetails'), correct: false },
  ],
  explanation: message('quiz.questions.verifyCaller.explanation', { helpdeskName: profile.helpdeskName }),
});

const callBack = (profile: HelpdeskProfile, phone: string): QuizQuestion => ({
  id: 'call-back',
  prompt: message('quiz.questions.callBack.prompt'),
  choices: [
    {
      id: 'known-number',
      text: message('quiz.questions.callBack.knownNumber', { phone, orgName: profile.orgName }),
      correct: true,
    },
    { id: 'message-number', text: message('quiz.questions.callBack.messageNumber'), correct: false },
    { id: 'missed-call', text: message('quiz.questions.callBack.missedCall'), correct: false },
    {
      id: 'web-search',
      text: message('quiz.questions.callBack.webSearch', { orgName: profile.orgName }),
      correct: false,
    },
  ],
  explanation: message('quiz.questions.callBack.explanation', { helpdeskName: profile.helpdeskName, phone }),
});

/**
 * The quiz for a profile: four questions, five when the profile has a phone number, every
 * wording built from the profile so the real names and domains are the ones employees learn.
 * The wording is Messages, said in the reader's language by the cards.
 */
export const buildQuizQuestions = (profile: HelpdeskProfile): QuizQuestion[] => [
  realHelpdesk(profile),
  quickAssist(profile),
  contactChannel(profile),
  verifyCaller(profile),
  ...(profile.phoneNumbers.length > 0 ? [callBack(profile, profile.phoneNumbers[0])] : []),
];

/**
 * The choices in an order of their own for this user and question: sorted by a hash of
 * both, so the right answer is not always first, the same user sees the same order on
 * every replay, and no randomness makes tests flaky.
 */
export const shuffleChoices = (question: QuizQuestion, userSeed: string): QuizChoice[] => {
  const rank = (choice: QuizChoice): string =>
    createHash('sha256').update(`${userSeed}\u0000${question.id}\u0000${choice.id}`).digest('hex');
  return [...question.choices]
    .map((choice) => ({ choice, rank: rank(choice) }))
    .sort((a, b) => a.rank.localeCompare(b.rank))
    .map(({ choice }) => choice);
};
