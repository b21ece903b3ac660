import { translatorFor } from '../../../../src/i18n/translations';
import {
  CONSUMER_TENANT_ID,
  lookupKeys,
  organisationKeys,
  parseListValue,
  sharedDomainReason,
} from '../../../../src/verdicts';
import { dummyAttackerTenant, dummyAttackerUpn, dummyHomeTenant } from './dummy-entries';

const en = translatorFor({}, 'en');
const home = { tenantId: dummyHomeTenant, domains: ['contoso.com'] };

describe('parseListValue (typed list values)', () => {
  it.each([
    ['a UPN, lower-cased', 'IT.Helpdesk@Fabrikam.com', { kind: 'sender', value: 'it.helpdesk@fabrikam.com' }],
    ["a tenant's own initial-domain UPN", dummyAttackerUpn, { kind: 'sender', value: dummyAttackerUpn }],
    [
      'a guest UPN',
      'eve_gmail.com#EXT#@fabrikam.onmicrosoft.com',
      { kind: 'sender', value: 'eve_gmail.com#ext#@fabrikam.onmicrosoft.com' },
    ],
    [
      'a tenant ID, lower-cased',
      dummyAttackerTenant.toUpperCase(),
      { kind: 'tenant', value: dummyAttackerTenant },
    ],
    ['a domain', 'Fabrikam.com', { kind: 'domain', value: 'fabrikam.com' }],
    ['a domain typed as @domain', '@fabrikam.com', { kind: 'domain', value: 'fabrikam.com' }],
    ['a domain with its trailing dot', 'fabrikam.com.', { kind: 'domain', value: 'fabrikam.com' }],
    [
      "a tenant's own onmicrosoft.com subdomain",
      'fabrikam.onmicrosoft.com',
      { kind: 'domain', value: 'fabrikam.onmicrosoft.com' },
    ],
    ['a punycode domain', 'xn--fabrikm-3ya.com', { kind: 'domain', value: 'xn--fabrikm-3ya.com' }],
  ])('takes %s', (_what, raw, key) => {
    expect(parseListValue(raw, home)).toEqual({ ok: true, key });
  });

  it.each([
    ['nothing', '', /Say what to list/],
    ['a word', 'fabrikam', /is not a UPN \(it@fabrikam.com\), a tenant ID \(a GUID\) or a domain name/],
    ['a URL', 'https://fabrikam.com/login', /is not a UPN/],
    ['a UPN with no domain', 'it@', /is not a UPN/],
    ['a malformed GUID', '7c9e6679-7425-40de-944b-e07fc1f90ae', /is not a UPN/],
    ['a label starting with a hyphen', '-fabrikam.com', /is not a UPN/],
    ['a domain with a space', 'fabrikam .com', /is not a UPN/],
    ['the home tenant', dummyHomeTenant, /your own tenant/],
    ['the consumer Microsoft account tenant', CONSUMER_TENANT_ID, /every personal Microsoft account/],
    ['a home domain', 'contoso.com', /your own organisation's domain/],
    ['a subdomain of a home domain', 'mail.contoso.com', /your own organisation's domain/],
    ['a consumer mail domain', 'gmail.com', /shared by many unrelated people: list the sender's UPN instead/],
    ['a country consumer domain', 'hotmail.co.uk', /shared by many unrelated people/],
    ['onmicrosoft.com itself', 'onmicrosoft.com', /shared by every Microsoft 365 tenant/],
    [
      'a deeper onmicrosoft.com name',
      'x.mail.onmicrosoft.com',
      /not a tenant's own onmicrosoft.com subdomain/,
    ],
  ])('refuses %s with a sentence saying why', (_what, raw, message) => {
    const parsed = parseListValue(raw, home);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && en.text(parsed.message)).toMatch(message);
  });

  it('quotes at most 80 characters of what was typed', () => {
    const parsed = parseListValue('x'.repeat(500), home);

    expect(!parsed.ok && en.text(parsed.message).length).toBeLessThan(200);
  });
});

describe('sharedDomainReason', () => {
  it.each(['fabrikam.com', 'fabrikam.onmicrosoft.com', 'fabrikam.onmicrosoft.us', 'outlook-partner.com'])(
    'lets %s name one organisation',
    (domain) => {
      expect(sharedDomainReason(domain)).toBeUndefined();
    },
  );

  it.each(['outlook.com', 'live.fr', 'yahoo.co.jp', 'gmail.com', 'onmicrosoft.com', 'a.b.onmicrosoft.com'])(
    'says %s names no one organisation',
    (domain) => {
      const reason = sharedDomainReason(domain);

      expect(reason && en.text(reason)).toContain(domain);
    },
  );
});

describe("a sender's keys", () => {
  const attacker = { upn: 'IT.Helpdesk@Helpdesk-Fabrikam.onmicrosoft.com', tenantId: dummyAttackerTenant };

  it('looks a sender up by UPN, tenant and domain, most specific first, lower-cased', () => {
    expect(lookupKeys(attacker)).toEqual([
      { kind: 'sender', value: dummyAttackerUpn },
      { kind: 'tenant', value: dummyAttackerTenant },
      { kind: 'domain', value: 'helpdesk-fabrikam.onmicrosoft.com' },
    ]);
  });

  it('looks up only what the signal knows', () => {
    expect(lookupKeys({ upn: null, tenantId: dummyAttackerTenant })).toEqual([
      { kind: 'tenant', value: dummyAttackerTenant },
    ]);
    expect(lookupKeys({ upn: null, tenantId: null })).toEqual([]);
  });

  it("names the tenant and the tenant's own initial domain as the organisation", () => {
    expect(organisationKeys(attacker, dummyHomeTenant)).toEqual([
      { kind: 'tenant', value: dummyAttackerTenant },
      { kind: 'domain', value: 'helpdesk-fabrikam.onmicrosoft.com' },
    ]);
  });

  it('leaves out the consumer tenant and a shared mail domain', () => {
    expect(
      organisationKeys({ upn: 'eve@outlook.com', tenantId: CONSUMER_TENANT_ID }, dummyHomeTenant),
    ).toEqual([]);
  });

  it('names no organisation for a sender of the home tenant (a compromised account)', () => {
    expect(
      organisationKeys({ upn: 'bob@contoso.com', tenantId: dummyHomeTenant.toUpperCase() }, dummyHomeTenant),
    ).toEqual([]);
  });
});
