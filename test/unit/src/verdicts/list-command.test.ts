import { translatorFor } from '../../../../src/i18n/translations';
import { DAYS_REFUSAL, listUsage, parseDays, parseListCommand } from '../../../../src/verdicts';

const en = translatorFor({}, 'en');

describe('parseListCommand (typed list commands)', () => {
  it.each([
    ['blocklist', { list: 'block', action: 'show' }],
    ['  AllowList  ', { list: 'allow', action: 'show' }],
    ['blocklist add it@fabrikam.com', { list: 'block', action: 'add', value: 'it@fabrikam.com' }],
    ['blocklist add fabrikam.com 30', { list: 'block', action: 'add', value: 'fabrikam.com', days: 30 }],
    [
      'allowlist add partner.example 90 vendor support desk',
      { list: 'allow', action: 'add', value: 'partner.example', days: 90, reason: 'vendor support desk' },
    ],
    [
      'blocklist add fabrikam.com phishing wave',
      { list: 'block', action: 'add', value: 'fabrikam.com', reason: 'phishing wave' },
    ],
    ['blocklist REMOVE fabrikam.com', { list: 'block', action: 'remove', value: 'fabrikam.com' }],
  ])('reads "%s"', (text, command) => {
    expect(parseListCommand(text)).toEqual(command);
  });

  it.each(['block list', 'blocklisted', 'report blocklist', 'hello'])('is no list command: "%s"', (text) => {
    expect(parseListCommand(text)).toBeUndefined();
  });

  it.each([
    ['blocklist add', /Say what to add/],
    ['allowlist remove', /Say what to remove/],
    ['blocklist show', /Type "blocklist" to see it/],
    ['blocklist remove a b', /Type "blocklist" to see it/],
  ])('refuses "%s" with how to type it', (text, message) => {
    const command = parseListCommand(text);

    expect(command?.action).toBe('refused');
    expect(command?.action === 'refused' && en.text(command.message)).toMatch(message);
  });

  it.each(['0', '-3', '2.5', '3651', '99999999999'])('refuses %s days', (days) => {
    expect(parseListCommand(`blocklist add fabrikam.com ${days}`)).toEqual({
      list: 'block',
      action: 'refused',
      message: DAYS_REFUSAL,
    });
  });

  it('keeps a reason of at most 200 characters', () => {
    const command = parseListCommand(`blocklist add fabrikam.com 7 ${'x'.repeat(300)}`);

    expect(command?.action === 'add' && command.reason?.length).toBe(200);
  });

  it('names the list in its usage', () => {
    expect(en.text(listUsage('allow'))).toContain(
      '"allowlist add <UPN, tenant ID or domain> [days] [reason]"',
    );
  });
});

describe('parseDays (card input and typed days)', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['30', 30],
    [' 7 ', 7],
    [365, 365],
  ])('reads %p as %p', (raw, days) => {
    expect(parseDays(raw)).toBe(days);
  });

  it.each(['soon', '0', 0, 1.5, '3651'])('reads %p as not a number of days', (raw) => {
    expect(parseDays(raw)).toBeNaN();
  });
});
