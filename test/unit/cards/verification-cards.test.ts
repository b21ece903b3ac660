import type * as AdaptiveCards from 'adaptivecards';
import type { AdaptiveCardJson } from '../../../cards/adaptive-card';
import { challengeCard } from '../../../cards/verification-challenge';
import { challengeConfirmedCard } from '../../../cards/verification-challenge-confirmed';
import { checkFormCard, CODE_INPUT_ID } from '../../../cards/verification-check-form';
import { codeIssuedCard } from '../../../cards/verification-code-issued';
import { issueFormCard, TARGET_INPUT_ID } from '../../../cards/verification-issue-form';
import { describeMinutesAgo, verificationResultCard } from '../../../cards/verification-result';
import {
  CHALLENGE_CALLER_VERB,
  ISSUE_CODE_VERB,
  REPORT_CHAT_VERB,
  VERIFY_CALLER_VERB,
} from '../../../cards/verification-verbs';

// The package's lib/ is extensionless ESM that jest's CommonJS cannot load; its UMD bundle can.
const adaptiveCards =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: no import form loads it
  require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;
const { AdaptiveCard, SerializationContext } = adaptiveCards;

const dummyChatThreadId = '19:abc_def@unq.gbl.spaces';
const dummyExpiresAt = new Date('2026-11-27T22:10:00.000Z');

/** Problems the Adaptive Cards renderer finds while parsing and validating a card. */
const rendererProblems = (json: AdaptiveCardJson): string[] => {
  const card = new AdaptiveCard();
  const context = new SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  return problems;
};

/** Every Action.Execute in a card, wherever it sits. */
const executeActions = (node: unknown): Array<{ verb: string; data?: Record<string, unknown> }> => {
  if (Array.isArray(node)) return node.flatMap(executeActions);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === 'Action.Execute' ? [record as { verb: string; data?: Record<string, unknown> }] : [];
  return [...own, ...Object.values(record).flatMap(executeActions)];
};

const cards: Array<[string, AdaptiveCardJson]> = [
  [
    'code issued',
    codeIssuedCard({
      code: '482913',
      targetLabel: 'alice@contoso.com',
      validMinutes: 10,
      expiresAt: dummyExpiresAt,
    }),
  ],
  [
    'result: genuine',
    verificationResultCard({ genuine: true, staffName: 'Dana Helpdesk', issuedMinutesAgo: 3 }),
  ],
  [
    'result: not verified',
    verificationResultCard({
      genuine: false,
      reasonText: 'That code has already been used.',
      chatThreadId: dummyChatThreadId,
    }),
  ],
  [
    'result: not verified, no chat',
    verificationResultCard({ genuine: false, reasonText: 'That code is not valid.' }),
  ],
  [
    'challenge',
    challengeCard({
      code: '731264',
      validMinutes: 10,
      expiresAt: dummyExpiresAt,
      chatThreadId: dummyChatThreadId,
    }),
  ],
  ['challenge confirmed', challengeConfirmedCard({ confirmerName: 'Dana Helpdesk', issuedMinutesAgo: 1 })],
  ['check form', checkFormCard({ chatThreadId: dummyChatThreadId })],
  [
    'check form with error',
    checkFormCard({ chatThreadId: dummyChatThreadId, errorText: 'A code is 6 digits, like 482 913.' }),
  ],
  ['issue form', issueFormCard()],
  ['issue form with error', issueFormCard({ errorText: 'No user found.', validMinutes: 15 })],
];

describe.each(cards)('verification card: %s', (_name, card) => {
  it('leaves no template expression unexpanded', () => {
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('is an Adaptive Card 1.5 the renderer accepts without problems', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(rendererProblems(card)).toEqual([]);
  });

  it('matches its snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('verification card content', () => {
  it('shows the issued code big and grouped, for whom, until when', () => {
    const text = JSON.stringify(
      codeIssuedCard({
        code: '482913',
        targetLabel: 'alice@contoso.com',
        validMinutes: 10,
        expiresAt: dummyExpiresAt,
      }),
    );

    expect(text).toContain('"text":"482 913","size":"ExtraLarge"');
    expect(text).toContain('alice@contoso.com');
    expect(text).toContain('{{TIME(2026-11-27T22:10:00Z)}}');
  });

  it('shows a genuine result in green with who and when, and no report button', () => {
    const card = verificationResultCard({ genuine: true, staffName: 'Dana Helpdesk', issuedMinutesAgo: 3 });

    expect(JSON.stringify(card)).toContain('Genuine: Dana Helpdesk, IT Helpdesk');
    expect(JSON.stringify(card)).toContain('3 minutes ago');
    expect(card.body).toEqual([expect.objectContaining({ style: 'good' })]);
    expect(executeActions(card)).toEqual([]);
  });

  it('shows a failed check in red with the stop advice and a report of the chat', () => {
    const card = verificationResultCard({
      genuine: false,
      reasonText: 'That code is not valid.',
      chatThreadId: dummyChatThreadId,
    });

    expect(card.body).toEqual([expect.objectContaining({ style: 'attention' })]);
    expect(JSON.stringify(card)).toContain('do not open Quick Assist');
    expect(executeActions(card)).toEqual([
      expect.objectContaining({ verb: REPORT_CHAT_VERB, data: { chatThreadId: dummyChatThreadId } }),
    ]);
  });

  it('carries the chat thread to both actions of the check form and takes the code input', () => {
    const card = checkFormCard({ chatThreadId: dummyChatThreadId });

    expect(executeActions(card)).toEqual([
      expect.objectContaining({ verb: VERIFY_CALLER_VERB, data: { chatThreadId: dummyChatThreadId } }),
      expect.objectContaining({ verb: CHALLENGE_CALLER_VERB, data: { chatThreadId: dummyChatThreadId } }),
    ]);
    expect(JSON.stringify(card)).toContain(`"id":"${CODE_INPUT_ID}"`);
  });

  it('shows the error line of a form only when there is one', () => {
    expect(JSON.stringify(checkFormCard({}))).not.toContain('"color":"Attention"');
    expect(JSON.stringify(checkFormCard({ errorText: 'A code is 6 digits.' }))).toContain(
      'A code is 6 digits.',
    );
  });

  it('gives staff an issue form with the target input and the issue verb', () => {
    const card = issueFormCard();

    expect(executeActions(card)).toEqual([expect.objectContaining({ verb: ISSUE_CODE_VERB })]);
    expect(JSON.stringify(card)).toContain(`"id":"${TARGET_INPUT_ID}"`);
  });

  it.each([
    [0, 'just now'],
    [1, '1 minute ago'],
    [7, '7 minutes ago'],
  ])('describes %i minutes as %j', (minutes, text) => {
    expect(describeMinutesAgo(minutes)).toBe(text);
  });
});
