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
import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../src/i18n/translations';

// The package's lib/ is extensionless ESM that jest's CommonJS cannot load; its UMD bundle can.
const adaptiveCards =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: no import form loads it
  require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;
const { AdaptiveCard, SerializationContext } = adaptiveCards;

const en = translatorFor(DEFAULT_PROFILE, 'en-US');
const { helpdeskName } = DEFAULT_PROFILE;

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

/** The texts and titles a person reads on a card, in order. */
const readableTexts = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(readableTexts);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = ['text', 'title'].map((key) => record[key]).filter((value) => typeof value === 'string');
  return [...(own as string[]), ...Object.values(record).flatMap(readableTexts)];
};

const cards: Array<[string, AdaptiveCardJson]> = [
  [
    'code issued',
    codeIssuedCard(en, {
      code: '482913',
      targetLabel: 'alice@contoso.com',
      validMinutes: 10,
      expiresAt: dummyExpiresAt,
    }),
  ],
  [
    'result: genuine',
    verificationResultCard(en, {
      genuine: true,
      staffName: 'Dana Helpdesk',
      helpdeskName,
      issuedMinutesAgo: 3,
    }),
  ],
  [
    'result: not verified',
    verificationResultCard(en, {
      genuine: false,
      reasonText: 'That code has already been used.',
      chatThreadId: dummyChatThreadId,
    }),
  ],
  [
    'result: not verified, no chat',
    verificationResultCard(en, { genuine: false, reasonText: 'That code is not valid.' }),
  ],
  [
    'challenge',
    challengeCard(en, {
      code: '731264',
      validMinutes: 10,
      expiresAt: dummyExpiresAt,
      helpdeskName,
      chatThreadId: dummyChatThreadId,
    }),
  ],
  [
    'challenge confirmed',
    challengeConfirmedCard(en, { confirmerName: 'Dana Helpdesk', helpdeskName, issuedMinutesAgo: 1 }),
  ],
  ['check form', checkFormCard(en, { helpdeskName, chatThreadId: dummyChatThreadId })],
  [
    'check form with error',
    checkFormCard(en, {
      helpdeskName,
      chatThreadId: dummyChatThreadId,
      errorText: 'A code is 6 digits, like 482 913.',
    }),
  ],
  ['issue form', issueFormCard(en)],
  ['issue form with error', issueFormCard(en, { errorText: 'No user found.', validMinutes: 15 })],
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
      codeIssuedCard(en, {
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
    const card = verificationResultCard(en, {
      genuine: true,
      staffName: 'Dana Helpdesk',
      helpdeskName,
      issuedMinutesAgo: 3,
    });

    expect(JSON.stringify(card)).toContain('Genuine: Dana Helpdesk, Contoso IT Service Desk');
    expect(JSON.stringify(card)).toContain('3 minutes ago');
    expect(card.body).toEqual([expect.objectContaining({ style: 'good' })]);
    expect(executeActions(card)).toEqual([]);
  });

  it('shows a failed check in red with the stop advice and a report of the chat', () => {
    const card = verificationResultCard(en, {
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

  it('says stop once on a failed check, in the advice, whatever the reason', () => {
    for (const reasonText of [
      en.t('verification.check.used'),
      en.t('verification.check.lockedOut', { duration: '15 minutes' }),
    ]) {
      const texts = readableTexts(verificationResultCard(en, { genuine: false, reasonText }));

      expect(texts.join('\n').match(/\bstop\b/gi)).toHaveLength(1);
      expect(texts.join('\n').match(/not verified/gi)).toHaveLength(1);
    }
  });

  it('names the profile’s helpdesk on the challenge card, as the one who confirms the code', () => {
    const card = challengeCard(en, {
      code: '731264',
      validMinutes: 10,
      expiresAt: dummyExpiresAt,
      helpdeskName: 'Fabrikam Service Desk',
    });

    expect(JSON.stringify(card)).toContain(
      'A genuine member of Fabrikam Service Desk confirms it with this bot',
    );
    expect(JSON.stringify(card)).not.toContain('IT Helpdesk');
  });

  it('carries the chat thread to both actions of the check form and takes the code input', () => {
    const card = checkFormCard(en, { helpdeskName, chatThreadId: dummyChatThreadId });

    expect(executeActions(card)).toEqual([
      expect.objectContaining({ verb: VERIFY_CALLER_VERB, data: { chatThreadId: dummyChatThreadId } }),
      expect.objectContaining({ verb: CHALLENGE_CALLER_VERB, data: { chatThreadId: dummyChatThreadId } }),
    ]);
    expect(JSON.stringify(card)).toContain(`"id":"${CODE_INPUT_ID}"`);
  });

  it('shows the error line of a form only when there is one', () => {
    const withError = readableTexts(checkFormCard(en, { helpdeskName, errorText: 'A code is 6 digits.' }));
    expect(readableTexts(checkFormCard(en, { helpdeskName }))).toEqual(
      withError.filter((text) => text !== 'A code is 6 digits.'),
    );
    expect(JSON.stringify(checkFormCard(en, { helpdeskName, errorText: 'A code is 6 digits.' }))).toContain(
      'A code is 6 digits.',
    );
  });

  it('gives staff an issue form with the target input and the issue verb', () => {
    const card = issueFormCard(en);

    expect(executeActions(card)).toEqual([expect.objectContaining({ verb: ISSUE_CODE_VERB })]);
    expect(JSON.stringify(card)).toContain(`"id":"${TARGET_INPUT_ID}"`);
  });

  it.each([
    [0, 'just now'],
    [1, '1 minute ago'],
    [7, '7 minutes ago'],
  ])('describes %i minutes as %j', (minutes, text) => {
    expect(describeMinutesAgo(en, minutes)).toBe(text);
  });
});

describe('verification cards in the reader’s language', () => {
  const de = translatorFor(DEFAULT_PROFILE, 'de-DE');

  /** The same cards as above, built for a reader with `t`. */
  const cardsIn = (t: typeof en): Array<[string, AdaptiveCardJson]> => [
    [
      'code issued',
      codeIssuedCard(t, {
        code: '482913',
        targetLabel: 'alice@contoso.com',
        validMinutes: 10,
        expiresAt: dummyExpiresAt,
      }),
    ],
    [
      'result: genuine',
      verificationResultCard(t, {
        genuine: true,
        staffName: 'Dana Helpdesk',
        helpdeskName,
        issuedMinutesAgo: 3,
      }),
    ],
    [
      'result: not verified',
      verificationResultCard(t, { genuine: false, reasonText: 'x', chatThreadId: dummyChatThreadId }),
    ],
    [
      'challenge',
      challengeCard(t, {
        code: '731264',
        validMinutes: 10,
        expiresAt: dummyExpiresAt,
        helpdeskName,
        chatThreadId: dummyChatThreadId,
      }),
    ],
    [
      'challenge confirmed',
      challengeConfirmedCard(t, { confirmerName: 'Dana Helpdesk', helpdeskName, issuedMinutesAgo: 1 }),
    ],
    ['check form', checkFormCard(t, { helpdeskName, chatThreadId: dummyChatThreadId })],
    ['issue form', issueFormCard(t)],
  ];

  /** Every string a person reads on a card: texts, titles, labels, placeholders, error messages, facts. */
  const readable = (node: unknown): string[] => {
    if (Array.isArray(node)) return node.flatMap(readable);
    if (node === null || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    const own = ['text', 'title', 'label', 'placeholder', 'errorMessage', 'value']
      .map((key) => record[key])
      .filter((value): value is string => typeof value === 'string');
    return [...own, ...Object.values(record).flatMap(readable)];
  };

  /** Data the cards show as given, in every language. */
  const DATA = new Set(['482 913', '731 264', 'alice@contoso.com', 'x']);

  it.each(cardsIn(de).map(([name, card], i) => [name, card, cardsIn(en)[i]?.[1]] as const))(
    'says the %s card in German, with no English sentence left',
    (_name, german, english) => {
      const germanTexts = readable(german);
      const leaked = readable(english).filter((text) => !DATA.has(text) && germanTexts.includes(text));

      expect(leaked).toEqual([]);
      expect(JSON.stringify(german)).not.toContain('${');
      expect(rendererProblems(german)).toEqual([]);
    },
  );

  it.each(['fr-FR', 'es-ES', 'pt-BR', 'ja-JP'])(
    'says every card in %s, with no English sentence left and nothing the renderer rejects',
    (locale) => {
      const english = cardsIn(en);
      cardsIn(translatorFor(DEFAULT_PROFILE, locale)).forEach(([, card], i) => {
        const texts = readable(card);
        const leaked = readable(english[i]?.[1]).filter((text) => !DATA.has(text) && texts.includes(text));

        expect(leaked).toEqual([]);
        expect(JSON.stringify(card)).not.toContain('${');
        expect(rendererProblems(card)).toEqual([]);
      });
    },
  );

  it('uses the words of German Teams users on the cards', () => {
    const texts = cardsIn(de).flatMap(([, card]) => readable(card));

    expect(texts).toEqual(
      expect.arrayContaining([
        'Verifizierungscode für alice@contoso.com',
        '10 Minuten, bis {{TIME(2026-11-27T22:10:00Z)}}',
        'Echt: Dana Helpdesk, Contoso IT Service Desk',
        'Der Code wurde vor 3 Minuten ausgestellt. Er ist jetzt verbraucht und kann nicht erneut verwendet werden.',
        'Nicht verifiziert',
        'Diesen Chat melden',
        'Lesen Sie dem Anrufer diesen Code vor',
        'Diesen Anrufer verifizieren',
        'Verifizieren',
        'Code ausstellen',
      ]),
    );
  });

  it('keeps the verbs, the chat and the inputs whatever the language', () => {
    const [, german] = cardsIn(de).find(([name]) => name === 'check form') ?? [];
    const [, english] = cardsIn(en).find(([name]) => name === 'check form') ?? [];

    expect(executeActions(german).map(({ verb, data }) => ({ verb, data }))).toEqual(
      executeActions(english).map(({ verb, data }) => ({ verb, data })),
    );
    expect(JSON.stringify(german)).toContain(`"id":"${CODE_INPUT_ID}"`);
  });

  it('falls back to English for a language the bot does not ship', () => {
    const chinese = translatorFor(DEFAULT_PROFILE, 'zh-CN');

    expect(cardsIn(chinese)).toEqual(cardsIn(en));
  });

  it('shows a profile’s override for that language, and the catalogue elsewhere', () => {
    const profile = {
      ...DEFAULT_PROFILE,
      messages: { de: { 'verification.result.card.report': 'An die IT-Sicherheit melden' } },
    };
    const card = (locale: string) =>
      verificationResultCard(translatorFor(profile, locale), { genuine: false, reasonText: 'x' });

    expect(executeActions(card('de-DE'))).toEqual([
      expect.objectContaining({ title: 'An die IT-Sicherheit melden' }),
    ]);
    expect(executeActions(card('en-US'))).toEqual([expect.objectContaining({ title: 'Report this chat' })]);
  });

  it.each([
    ['de-DE', 0, 'gerade eben'],
    ['de-DE', 1, 'vor 1 Minute'],
    ['de-DE', 7, 'vor 7 Minuten'],
    ['fr-FR', 1, 'il y a 1 minute'],
    ['fr-FR', 7, 'il y a 7 minutes'],
    ['es-ES', 7, 'hace 7 minutos'],
    ['pt-BR', 1, 'há 1 minuto'],
    ['ja-JP', 7, '7 分前'],
  ])('describes, in %s, %i minutes as %j', (locale, minutes, text) => {
    expect(describeMinutesAgo(translatorFor(DEFAULT_PROFILE, locale), minutes)).toBe(text);
  });
});
