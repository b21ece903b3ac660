import { ScriptClass } from '../../../../../src/detection/scan/fold-table';
import { normaliseName } from '../../../../../src/detection/scan/normalise-name';

describe('normaliseName', () => {
  it.each([
    ['plain ASCII', 'IT Helpdesk', 'itheipdesk'],
    ['case folding', 'HELPDESK', 'heipdesk'],
    ['Greek look-alikes', 'ΙΤ Ηelpdesk', 'itheipdesk'],
    ['Cyrillic look-alikes', 'Неlрdеsk', 'heipdesk'],
    ['fullwidth letters (NFKC)', 'ＩＴ Ｓｕｐｐｏｒｔ', 'itsuport'],
    ['mathematical letters (NFKC)', '𝐇𝐞𝐥𝐩𝐝𝐞𝐬𝐤', 'heipdesk'],
    ['zero-width space inside a word', 'Help\u200bdesk', 'heipdesk'],
    ['no-break space between words', 'IT\u00a0Support', 'itsuport'],
    ['spaced letters', 'H e l p d e s k', 'heipdesk'],
    ['dots between words', 'help.desk', 'heipdesk'],
    ['underscores between words', 'HELP_DESK', 'heipdesk'],
    ['leetspeak digits', 'H3lpd3sk', 'heipdesk'],
    ['leetspeak symbols', 'Micro$oft', 'microsoft'],
    ['repeated letters', 'Heeelllpdesk', 'heipdesk'],
    ['rn read as m', 'rnicrosoft', 'microsoft'],
    ['diacritics', 'Hélpdèsk', 'heipdesk'],
  ])('folds %s: %p', (_rule, input, joined) => {
    expect(normaliseName(input).joined).toBe(joined);
  });

  it.each([
    ['HelpDesk', ['help', 'desk']],
    ['ITSupport', ['it', 'support']],
    ['Jane (Helpdesk)', ['jane', 'helpdesk']],
  ])('splits %p into words', (input, words) => {
    expect(normaliseName(input).tokens.map((token) => token.raw)).toEqual(words);
  });

  it('counts invisible characters and direction controls separately', () => {
    const name = normaliseName('Help\u200b\u200cdesk\u202e');
    expect([name.invisible, name.bidi]).toEqual([2, 1]);
  });

  it('notes the first look-alike letter and its script', () => {
    expect(normaliseName('ΙΤ Ηelpdesk').confusable).toEqual({ char: 'Ι', script: ScriptClass.Greek });
  });

  it('notes a word that mixes Latin and Cyrillic', () => {
    expect(normaliseName('Неlрdеsk').mixed?.scripts).toEqual([ScriptClass.Latin, ScriptClass.Cyrillic]);
  });

  it('does not call a word of one script mixed', () => {
    expect(normaliseName('Мария Иванова').mixed).toBeUndefined();
  });

  it('does not treat a number on its own as leetspeak', () => {
    expect(normaliseName('Office 365').tokens.map((token) => token.leet)).toEqual([false, false]);
  });

  it('keeps the punctuation before a word for person + role shapes', () => {
    expect(normaliseName('IT Support: Peter').tokens.map((token) => token.gap)).toEqual(['', ' ', ':']);
  });
});
