import { createDetector, type DetectionPolicy, type SenderIdentity } from '../../../../src/detection';

const dummyPolicy: DetectionPolicy = {
  homeTenantId: '11111111-1111-1111-1111-111111111111',
  trustedTenantIds: ['22222222-2222-2222-2222-222222222222'],
  orgName: 'Contoso',
  orgDomains: ['contoso.com'],
  helpdeskNames: ['Contoso IT Service Desk'],
};
const dummyExternalTenant = '99999999-9999-9999-9999-999999999999';
const detector = createDetector(dummyPolicy);
const external = (displayName: string, upn: string | null = null): SenderIdentity => ({
  displayName,
  upn,
  tenantId: dummyExternalTenant,
});
const codes = (sender: SenderIdentity): string[] =>
  detector.score(sender).reasons.map((reason) => reason.code);

describe('createDetector: one rule each', () => {
  it.each([
    ['a helpdesk role', 'IT Helpdesk', 'helpdesk_role'],
    ['a Microsoft brand next to a role', 'Microsoft Support', 'microsoft_brand'],
    ['a lure phrase', 'Spam Filter Update', 'lure_phrase'],
    ['the organisation name next to a role', 'Contoso IT', 'org_name'],
    ['the real helpdesk name', 'Contoso IT Service Desk', 'helpdesk_name'],
    ['a name that is only a role', 'Support', 'generic_role_name'],
    ['a typo', 'Micorsoft Support', 'typo'],
    ['a Greek look-alike letter', 'ΙΤ Ηelpdesk', 'confusable_letters'],
    ['fullwidth letters', 'ＩＴ Ｓｕｐｐｏｒｔ', 'styled_letters'],
    ['a word mixing scripts', 'Неlрdеsk', 'mixed_script'],
    ['zero-width characters', 'Help\u200bdesk', 'invisible_characters'],
    ['a right-to-left override', '\u202eksedpleH', 'direction_controls'],
    ['leetspeak', 'M1crosoft Security', 'leetspeak'],
    ['spaced letters', 'H e l p d e s k', 'spaced_letters'],
    ['stretched letters', 'Heeelpdesk', 'stretched_letters'],
    ['person + role in parentheses', 'Jane Doe (Helpdesk)', 'person_role'],
    ['role + person after a colon', 'IT Support: Peter', 'person_role'],
  ])('warns about %s (%p) with reason %p', (_rule, displayName, code) => {
    const verdict = detector.score(external(displayName));
    expect(verdict.verdict).toBe('warn');
    expect(verdict.reasons.map((reason) => reason.code)).toContain(code);
  });

  it.each([
    [
      'an onmicrosoft.com address',
      external('Anna Schmidt', 'anna@freshtenant.onmicrosoft.com'),
      'onmicrosoft_domain',
    ],
    [
      'a tenant named like support',
      external('Anna Schmidt', 'anna@microsoftsupport.onmicrosoft.com'),
      'tenant_name',
    ],
    [
      'a tenant name running a word into a role',
      external('Anna Schmidt', 'anna@contososupport.onmicrosoft.com'),
      'tenant_name',
    ],
    ['an address naming a role', external('Anna Schmidt', 'helpdesk@fabrikam.com'), 'upn_role'],
    [
      'the org domain from another tenant',
      external('Anna Schmidt', 'anna@contoso.com'),
      'org_domain_other_tenant',
    ],
    ['a look-alike of the org domain', external('Anna Schmidt', 'anna@c0ntoso.com'), 'lookalike_domain'],
    [
      'a custom domain named after a Microsoft brand',
      external('Anna Schmidt', 'anna@office365-secure.net'),
      'domain_name',
    ],
  ])('notes %s', (_rule, sender, code) => {
    expect(codes(sender)).toContain(code);
  });

  it.each([
    ['Itzel Ramírez'],
    ['Supriya Nair'],
    ['Helga Deskovic'],
    ['Travel Desk'],
    ['Front Desk'],
    ['Sales Team'],
    ['Support Vector Labs'],
    ['Amin Haddad'],
    ['Dział Kadr'],
    ['Sales Support - Northwind Logistics'],
    ['HR Services - Alpine Staffing'],
    ['Helping Hands Home Care - Scheduling'],
    ['Fabrikam Contract Administration'],
    ['Мария Иванова'],
    ['王小明'],
  ])('does not warn about %p', (displayName) => {
    expect(detector.score(external(displayName)).verdict).toBe('none');
  });

  it("does not read Microsoft's own domains as imitating its brands", () => {
    for (const upn of ['anna@microsoft.com', 'anna@outlook.com', 'anna@eu.office365.com'])
      expect(codes(external('Anna Schmidt', upn))).not.toContain('domain_name');
  });

  it('reads a word of a two-word term missing the other word as no typo of it', () => {
    // "Dział" (Polish: department) is "Dział IT" without "IT": one edit, but no typo.
    expect(codes(external('Dział Kadr'))).not.toContain('typo');
    // A letter missing inside the term is still a typo of it.
    expect(detector.score(external('IT Suppor')).imitates).toBe('IT Support');
    expect(codes(external('IT Suppor'))).toContain('typo');
  });

  it('reads a department as a role in a person + role shape, a weak role word not', () => {
    expect(codes(external('Peter (IT)'))).toContain('person_role');
    expect(codes(external('Catering Services - Green Fork'))).not.toContain('person_role');
  });

  it('keeps the short words of a term in a near-spelling of it', () => {
    // One letter apart twice, but 'HR' is not a typo of 'IT'.
    expect(codes(external('HR Services'))).not.toContain('typo');
    expect(detector.score(external('IT Sevrices')).imitates).toBe('IT Services');
  });

  it("reads the domain after an address's last '@'", () => {
    // A quoted local part may hold '@': the domain is what follows the last one.
    const found = codes(external('Anna Schmidt', '"anna@fabrikam.onmicrosoft.com"@contoso.com'));
    expect(found).toContain('org_domain_other_tenant');
    expect(found).not.toContain('onmicrosoft_domain');
  });

  it('reads a brand in a custom domain even next to a stronger role word', () => {
    expect(codes(external('Marcus Webb', 'marcus@microsoft-supportdesk.us'))).toContain('domain_name');
  });

  it('finds a role written in its own script, as written, without calling it a disguise', () => {
    for (const displayName of ['Техподдержка', 'Анна (Служба поддержки)', 'Τεχνική υποστήριξη']) {
      const verdict = detector.score(external(displayName));
      expect(verdict.verdict).toBe('warn');
      expect(verdict.reasons.map((reason) => reason.code)).not.toContain('confusable_letters');
    }
    // Other words that fold to the same Latin skeleton letters are not the term.
    expect(detector.score(external('Поддержкин Олег')).verdict).toBe('none');
    expect(detector.score(external('Техфоддержка')).verdict).toBe('none');
  });

  it('never warns about a sender of the home tenant, and says why', () => {
    const verdict = detector.score({
      displayName: 'IT Helpdesk',
      tenantId: dummyPolicy.homeTenantId.toUpperCase(),
    });
    expect(verdict).toMatchObject({ verdict: 'none', external: false });
    expect(verdict.reasons[0].code).toBe('internal_sender');
  });

  it('never warns about a trusted partner tenant, and says why', () => {
    const verdict = detector.score({
      displayName: 'Microsoft Support',
      tenantId: dummyPolicy.trustedTenantIds[0],
    });
    expect(verdict).toMatchObject({ verdict: 'none', external: false });
    expect(verdict.reasons[0].code).toBe('trusted_tenant');
  });

  it('knows home and trusted tenant IDs however they are padded or cased, and nothing else', () => {
    const policy = { ...dummyPolicy, homeTenantId: ' Home-Tenant ', trustedTenantIds: ['PARTNER', ' '] };
    const membership = (tenantId: string | null | undefined): string => {
      const verdict = createDetector(policy).score({ displayName: 'Jane Doe', tenantId });
      return verdict.external ? 'external' : verdict.reasons[0].code;
    };
    for (const tenantId of ['home-tenant', 'HOME-TENANT', '\u00a0home-tenant\t', '\ufeffHome-Tenant'])
      expect(membership(tenantId)).toBe('internal_sender');
    for (const tenantId of ['partner', ' Partner ', '\u2003PARTNER'])
      expect(membership(tenantId)).toBe('trusted_tenant');
    // Same length as a known ID but another ID; other lengths; nothing; blank.
    for (const tenantId of ['home-tenanx', 'partners', 'home', '', '   ', null, undefined])
      expect(membership(tenantId)).toBe('external');
  });

  it('treats a sender without a tenant as external', () => {
    expect(detector.score({ displayName: 'IT Helpdesk' })).toMatchObject({ verdict: 'warn', external: true });
  });

  it('names what the name imitates and the script of the look-alike letter', () => {
    const verdict = detector.score(external('ΙΤ Ηelpdesk'));
    expect(verdict.imitates).toBe('IT Helpdesk');
    expect(verdict.reasons.find((reason) => reason.code === 'confusable_letters')?.message).toBe(
      "The name imitates 'IT Helpdesk' with a Greek letter ('Ι') that looks Latin.",
    );
  });

  it('gives a reason even when nothing looks wrong', () => {
    expect(detector.score(external('John Smith')).reasons).toEqual([
      {
        code: 'no_helpdesk_signal',
        message: expect.stringContaining('Nothing in the name'),
        text: { key: 'warning.reasons.noHelpdeskSignal' },
      },
    ]);
  });

  it('keeps the score within [0, 1]', () => {
    const { score } = detector.score(
      external('\u202eΜ1crοsοft Ѕecurity Ηelpdesk\u200b', 'helpdesk@contoso-it.onmicrosoft.com'),
    );
    expect(score).toBeGreaterThan(0.9);
    expect(score).toBeLessThanOrEqual(1);
  });

  it('applies the configured threshold', () => {
    const strict = createDetector({ ...dummyPolicy, threshold: 0.95 });
    expect(strict.score(external('Support')).verdict).toBe('none');
    expect(detector.score(external('Support')).verdict).toBe('warn');
  });
});
