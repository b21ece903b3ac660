import {
  describeWindow,
  mailBombingWarningCard,
  type MailBombingWarningData,
} from '../../../cards/mail-bombing-warning';
import { DEFAULT_PROFILE } from '../../../src/config/helpdesk-profile';
import { translatorFor } from '../../../src/i18n/translations';
import { cardProblems } from '../../support/card-check';
import { cardActions, cardCode, cardTexts } from '../bot/support/card-content';

const en = translatorFor({}, undefined);

/** A flood as the mailbox signal reports it: 412 sign-up mails from 187 senders in an hour. */
const dummyFlood = (overrides: Partial<MailBombingWarningData> = {}): MailBombingWarningData => ({
  messageCount: 412,
  senderCount: 187,
  windowMinutes: 60,
  helpdeskName: DEFAULT_PROFILE.helpdeskName,
  phoneNumbers: DEFAULT_PROFILE.phoneNumbers,
  ...overrides,
});

describe('mail-bombing warning card', () => {
  const card = mailBombingWarningCard(en, dummyFlood());

  it('is an Adaptive Card 1.5 with no problems and no template expression left', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('says the flood is an attack, with its counts and window', () => {
    expect(cardTexts(card).slice(0, 2)).toEqual([
      'Your mailbox is being flooded on purpose',
      '412 sign-up and newsletter emails from 187 senders arrived in the last hour. This flood is an attack, not a glitch.',
    ]);
  });

  it('says a fake helpdesk usually calls or chats next, and ours never asks for Quick Assist or the screen', () => {
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'What usually comes next',
        'Someone calls you or starts a Teams chat, says they are from the helpdesk and offers to stop the spam. That is the attacker.',
        'Contoso IT Service Desk will never ask you to start Quick Assist or share your screen to fix this.',
      ]),
    );
  });

  it('says how to check a caller with verify, and gives the real helpdesk number', () => {
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'How to check a caller',
        'Ask them for a verification code, then type **verify** here to check it. No code, or a wrong one: hang up or leave the chat, and type **report**.',
        'Call Contoso IT Service Desk on +1 555 0100: the number you know, never one a caller gives you.',
      ]),
    );
  });

  it('has one button, which types verify', () => {
    expect(cardActions(card)).toEqual([
      {
        type: 'Action.Submit',
        title: "Check a caller's code",
        data: { msteams: { type: 'imBack', value: 'verify' } },
      },
    ]);
  });

  it('shows no verification code', () => {
    expect(cardCode(card)).toBeUndefined();
    expect(cardTexts(card).filter((text) => /(?<!\d)\d{3} ?\d{3}(?!\d)/.test(text))).toEqual([]);
  });

  it('counts one message and one sender in the singular', () => {
    expect(cardTexts(mailBombingWarningCard(en, dummyFlood({ messageCount: 1, senderCount: 1 })))[1]).toMatch(
      /^1 sign-up and newsletter email from 1 sender arrived/,
    );
  });

  it('leaves out the senders when the signal does not count them', () => {
    expect(
      cardTexts(mailBombingWarningCard(en, dummyFlood({ senderCount: null, windowMinutes: 15 })))[1],
    ).toBe(
      '412 sign-up and newsletter emails arrived in the last 15 minutes. This flood is an attack, not a glitch.',
    );
  });

  it('points to the intranet when the profile has no phone number', () => {
    expect(cardTexts(mailBombingWarningCard(en, dummyFlood({ phoneNumbers: [] })))).toContain(
      'Call Contoso IT Service Desk on the number on the intranet: the number you know, never one a caller gives you.',
    );
  });

  it('stays well under the 28 KB card limit', () => {
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
  });

  it('matches the snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('describeWindow', () => {
  it.each([
    [1, 'minute'],
    [45, '45 minutes'],
    [60, 'hour'],
    [90, '90 minutes'],
    [180, '3 hours'],
  ])('%i minutes -> %p', (minutes, text) => {
    expect(describeWindow(en, minutes)).toBe(text);
  });
});

describe("mail-bombing warning card in the reader's language", () => {
  it('is German for a de-DE reader, counts and window included, with no English sentence left', () => {
    const texts = cardTexts(
      mailBombingWarningCard(translatorFor({}, 'de-DE'), dummyFlood({ windowMinutes: 45 })),
    );

    expect(texts.slice(0, 2)).toEqual([
      'Ihr Postfach wird absichtlich überflutet',
      'Ihr Postfach hat in den letzten 45 Minuten 412 Anmelde- und Newsletter-E-Mails von 187 Absendern erhalten. Diese Flut ist ein Angriff, kein Fehler.',
    ]);
    expect(texts).toContain('So überprüfen Sie einen Anrufer');
    expect(texts.join('\n')).not.toMatch(
      /What usually comes next|The real helpdesk|Meanwhile|arrived in the last/,
    );
  });

  it('says the window in German in the singular', () => {
    expect(describeWindow(translatorFor({}, 'de'), 60)).toBe('in der letzten Stunde');
  });

  it('falls back to English for zh-CN', () => {
    expect(mailBombingWarningCard(translatorFor({}, 'zh-CN'), dummyFlood())).toEqual(
      mailBombingWarningCard(en, dummyFlood()),
    );
  });
});
