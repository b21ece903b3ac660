import { reasons } from '../../../../../src/detection/policy/reasons';
import type { Reason } from '../../../../../src/detection/policy/types';
import { LANGUAGES } from '../../../../../src/i18n/locales';
import { translatorFor } from '../../../../../src/i18n/translations';
import { contextReasons } from '../../../../../src/signals/context-reasons';
import { listReason } from '../../../../../src/verdicts/sender-list-verdict';

const en = translatorFor({}, 'en');
const long = 'IT Helpdesk Microsoft Security Operations Centre Global Service Desk 24/7';

/** Every reason a verdict can carry, with realistic arguments (as the evidence passes them). */
const everyReason: Array<[string, Reason]> = [
  ['role', reasons.role('IT Helpdesk', 0.6)],
  ['brand', reasons.brand('Microsoft', 0.5)],
  ['lure', reasons.lure('Spam Removal', 0.5)],
  ['org', reasons.org('Contoso', 0.4)],
  ['helpdesk', reasons.helpdesk('Contoso IT Service Desk', 0.6)],
  ['genericRole', reasons.genericRole('Service Desk', 0.3)],
  ['typo', reasons.typo('Helpdesc', 'Helpdesk', 0)],
  ['confusable Cyrillic', reasons.confusable('IT Helpdesk', 'Cyrillic', 'е', 0)],
  ['confusable Armenian', reasons.confusable('IT Helpdesk', 'Armenian', 'օ', 0)],
  ['styled', reasons.styled('Microsoft', '𝐌', 0)],
  ['mixed, two scripts', reasons.mixed('Неlpdesk', 'Cyrillic and Latin', 0)],
  ['mixed, three scripts', reasons.mixed('Неlpdεsk', 'Latin and Greek and Cyrillic', 0)],
  ['invisible, one', reasons.invisible(1, 0)],
  ['invisible, many', reasons.invisible(3, 0)],
  ['bidi, one', reasons.bidi(1, 0)],
  ['bidi, many', reasons.bidi(2, 0)],
  ['leet', reasons.leet('H3lpd3sk', 'Helpdesk', 0)],
  ['spaced', reasons.spaced('H e l p d e s k', 0)],
  ['stretched', reasons.stretched('Helpdeeesk', 0)],
  ['personRole', reasons.personRole('Jane from IT Support', 0.3)],
  ['onmicrosoft', reasons.onmicrosoft('fabrikam-support.onmicrosoft.com', 0.3)],
  ['tenantName', reasons.tenantName('msft-security.onmicrosoft.com', 'a Microsoft security service', 0.5)],
  ['domainName', reasons.domainName('it-support-desk.com', 'IT support', 0.4)],
  ['upnRole', reasons.upnRole('helpdesk@x.com', 'helpdesk', 0.5)],
  ['orgDomainOtherTenant', reasons.orgDomainOtherTenant('contoso.com', 0.9)],
  ['lookalikeDomain', reasons.lookalikeDomain('c0ntoso.com', 'contoso.com', 0.7)],
  ['external', reasons.external()],
  ['internal', reasons.internal()],
  ['trusted', reasons.trusted()],
  ['partner', reasons.partner('Northwind MSP')],
  ['nothing', reasons.nothing()],
  ['a long name, cut short', reasons.role(long, 0.6)],
  ['blocked sender', listReason({ list: 'block', kind: 'sender' } as Parameters<typeof listReason>[0])],
  ['blocked tenant', listReason({ list: 'block', kind: 'tenant' } as Parameters<typeof listReason>[0])],
  ['allowed sender', listReason({ list: 'allow', kind: 'sender' } as Parameters<typeof listReason>[0])],
  ['allowed domain', listReason({ list: 'allow', kind: 'domain' } as Parameters<typeof listReason>[0])],
];

describe("the warning card's reasons, in every language", () => {
  it.each(everyReason)('%s: says in English exactly what the CLI says', (_name, reason) => {
    expect(reason.text).toBeDefined();
    expect(en.text(reason.text!)).toBe(reason.message);
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    "are all translated into %s, the attacker's words kept as written",
    (language) => {
      const t = translatorFor({}, language);
      for (const [name, reason] of everyReason) {
        const text = t.text(reason.text!);
        expect([name, text]).not.toEqual([name, reason.message]);
        expect([name, text]).not.toEqual([name, expect.stringMatching(/{{|warning\.reasons/)]);
      }
    },
  );

  it('says the reasons in German', () => {
    const de = translatorFor({}, 'de-DE');

    expect(de.text(reasons.role('IT Helpdesk', 0.6).text!)).toBe(
      'Der Name sieht nach einem Konto des IT-Supports, des Helpdesks oder eines Sicherheitsteams aus („IT Helpdesk“).',
    );
    expect(de.text(reasons.mixed('Неlpdesk', 'Cyrillic and Latin', 0).text!)).toBe(
      'Das Wort „Неlpdesk“ mischt Buchstaben der Schriften Kyrillisch und Lateinisch, was echte Namen nicht tun.',
    );
    expect(de.text(reasons.invisible(1, 0).text!)).toContain('1 unsichtbares Zeichen');
    expect(de.text(reasons.invisible(4, 0).text!)).toContain('4 unsichtbare Zeichen');
  });

  it('says a mail flood in German, with when it was', async () => {
    const observedAt = '2026-11-27T22:00:00Z';
    const now = Date.parse(observedAt);
    const [flood] = await contextReasons(
      { mailFloods: { recent: async () => ({ at: now - 3 * 3600_000, messages: 412 }) } as never },
      {
        tenantId: 't',
        recipient: { aadObjectId: 'u' },
        observedAt,
      } as Parameters<typeof contextReasons>[1],
      now,
    );

    expect(translatorFor({}, 'de').text(flood!.text!)).toBe(
      'Ihr Postfach wurde vor 3 Stunden mit 412 Nachrichten überflutet: Auf eine solche Flut folgen oft gefälschte Helpdesk-Anrufe und -Chats, die anbieten, „den Spam zu beheben“.',
    );
    expect(en.text(flood!.text!)).toBe(flood!.message);
  });

  it("uses the profile's override of a reason", () => {
    const t = translatorFor(
      { messages: { fr: { 'warning.reasons.externalSender': 'Expéditeur externe.' } } },
      'fr-CA',
    );

    expect(t.text(reasons.external().text!)).toBe('Expéditeur externe.');
  });
});
