import { createHash } from 'node:crypto';
import type { HelpdeskProfile } from '../config/helpdesk-profile';

/** One possible answer; `id` is stable (card data and the store refer to it), the text is not. */
export interface QuizChoice {
  id: string;
  text: string;
  correct: boolean;
}

/** One question of the quiz, its choices in the profile's order (see shuffleChoices). */
export interface QuizQuestion {
  /** Stable across restarts: the store keeps question IDs, never their wording. */
  id: string;
  prompt: string;
  choices: readonly QuizChoice[];
  /** One or two sentences shown after the answer, right or wrong. */
  explanation: string;
}

/** The first label of a domain, for lookalikes: contoso.com -> contoso. */
const labelOf = (domain: string): string => domain.split('.')[0];

const realHelpdesk = (profile: HelpdeskProfile): QuizQuestion => {
  const domain = profile.internalDomains[0];
  const label = labelOf(domain);
  return {
    id: 'real-helpdesk',
    prompt: `Three chats open in Teams. Which one is really from ${profile.helpdeskName}?`,
    choices: [
      {
        id: 'internal',
        text: `${profile.displayNames[0]}, from an @${domain} account, with no External label`,
        correct: true,
      },
      {
        id: 'fresh-tenant',
        text: `IT Helpdesk, from helpdesk@${label}-it-support.onmicrosoft.com, marked External`,
        correct: false,
      },
      {
        id: 'lookalike-domain',
        text: `${profile.helpdeskName}, from servicedesk@${label}-helpdesk.com, marked External`,
        correct: false,
      },
      {
        id: 'microsoft',
        text: 'Microsoft Security, from security@msft-protection.onmicrosoft.com, marked External',
        correct: false,
      },
    ],
    explanation: `${profile.helpdeskName} writes from @${profile.internalDomains.join(', @')} accounts, which Teams never marks External. Anyone can choose a display name: check the account and the External label.`,
  };
};

const quickAssist = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'quick-assist',
  prompt:
    'An external "Microsoft Security" writes that your laptop is infected and asks you to open Quick Assist. What do you do?',
  choices: [
    { id: 'refuse-report', text: 'Say no, close the chat and report it here', correct: true },
    { id: 'watch', text: 'Open Quick Assist but watch everything they do', correct: false },
    { id: 'ask-proof', text: 'Ask them to prove who they are by naming your manager first', correct: false },
    {
      id: 'comply',
      text: 'Open it quickly: Quick Assist is a Microsoft tool, so it is safe',
      correct: false,
    },
  ],
  explanation: `Neither Microsoft nor ${profile.helpdeskName} asks you to open Quick Assist in a chat you did not start. Once you share your screen, the caller controls your computer.`,
});

const contactChannel = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'contact-channel',
  prompt: `How does ${profile.helpdeskName} get in touch with you?`,
  choices: [
    { id: 'real-channel', text: profile.contactChannels[0], correct: true },
    {
      id: 'external-chat',
      text: 'A Teams chat from an "IT Support" account of another organisation',
      correct: false,
    },
    { id: 'sms-app', text: 'A text message with a link to install a support app', correct: false },
    {
      id: 'sign-in-prompt',
      text: 'A call asking you to read out the number on your sign-in prompt',
      correct: false,
    },
  ],
  explanation: `${profile.helpdeskName} contacts you only in the ways listed in the welcome message (type help). Anything else, however urgent it sounds, is a reason to check first.`,
});

const verifyCaller = (profile: HelpdeskProfile): QuizQuestion => ({
  id: 'verify-caller',
  prompt: `Someone calls, says they are from ${profile.helpdeskName} and needs your help right now. How do you check?`,
  choices: [
    {
      id: 'verify-code',
      text: 'Ask them for a verification code and check it here with verify and the code',
      correct: true,
    },
    { id: 'caller-id', text: 'Check that the caller ID shows an internal number', correct: false },
    { id: 'employee-id', text: 'Ask for their name and employee number', correct: false },
    { id: 'knows-details', text: 'Trust them if they already know your name and team', correct: false },
  ],
  explanation: `${profile.helpdeskName} staff can give you a one-time code that this bot checks. Names, caller IDs and details about you are easy to fake or find.`,
});

const callBack = (profile: HelpdeskProfile, phone: string): QuizQuestion => ({
  id: 'call-back',
  prompt: 'A message asks you to call IT back urgently at a new number. Which number do you call?',
  choices: [
    { id: 'known-number', text: `${phone}, the number ${profile.orgName} publishes`, correct: true },
    { id: 'message-number', text: 'The new number in the message', correct: false },
    { id: 'missed-call', text: 'The number of the missed call you just had', correct: false },
    {
      id: 'web-search',
      text: `The first number a web search for "${profile.orgName} IT" shows`,
      correct: false,
    },
  ],
  explanation: `Call ${profile.helpdeskName} only on a number you already know, such as ${phone}. Attackers put their own number in messages, caller IDs and search ads.`,
});

/**
 * The quiz for a profile: four questions, five when the profile has a phone number, every
 * wording built from the profile so the real names and domains are the ones employees learn.
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
