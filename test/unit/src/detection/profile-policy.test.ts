/**
 * What an organisation tunes without code (the helpdesk profile's `detection` part, as
 * createDetector reads it): its own terms, its partner helpdesks, its threshold; and what
 * explain() says about a verdict.
 */
import { createDetector, customTermProblem, type DetectionPolicy } from '../../../../src/detection';

const dummyPolicy: DetectionPolicy = {
  homeTenantId: '11111111-1111-1111-1111-111111111111',
  trustedTenantIds: [],
};
const dummyPartnerTenant = '33333333-3333-3333-3333-333333333333';
const external = { tenantId: '99999999-9999-9999-9999-999999999999' };

describe('profile terms', () => {
  it.each([
    [
      'a local-language role word',
      { text: 'Tukipalvelu', kind: 'role' as const },
      'Tukipalvelu',
      'helpdesk_role',
    ],
    [
      'the helpdesk’s product next to a word',
      { text: 'MyDesk', kind: 'product' as const },
      'MyDesk Team',
      'org_name',
    ],
    [
      'the helpdesk’s own name',
      { text: 'Ask Fiona', kind: 'helpdesk' as const },
      'Ask Fiona',
      'helpdesk_name',
    ],
    ['a pretext', { text: 'Laptop Refresh', kind: 'lure' as const }, 'Laptop Refresh', 'lure_phrase'],
  ])('warn about %s only once the profile adds it', (_what, term, displayName, code) => {
    const before = createDetector(dummyPolicy).score({ displayName, ...external });
    const after = createDetector({ ...dummyPolicy, terms: [term] }).score({ displayName, ...external });
    expect(before.verdict).toBe('none');
    expect(after.verdict).toBe('warn');
    expect(after.reasons.map((reason) => reason.code)).toContain(code);
  });

  it('read through disguises and typos like built-in terms', () => {
    const detector = createDetector({ ...dummyPolicy, terms: [{ text: 'Tukipalvelu', kind: 'role' }] });
    for (const displayName of ['Tukipa1velu', 'Tukipalvleu', 'Τukipalvelu'])
      expect([displayName, detector.score({ displayName, ...external }).verdict]).toEqual([
        displayName,
        'warn',
      ]);
  });

  it('take the weight the profile gives them', () => {
    const weak = createDetector({
      ...dummyPolicy,
      terms: [{ text: 'Tukipalvelu', kind: 'role', weight: 0.1 }],
    });
    expect(weak.score({ displayName: 'Tukipalvelu', ...external }).verdict).toBe('none');
  });

  it('count in a tenant name too', () => {
    const sender = { displayName: 'Mikko Virtanen', upn: 'mikko@tukipalvelu.onmicrosoft.com', ...external };
    expect(createDetector(dummyPolicy).score(sender).verdict).toBe('none');
    const verdict = createDetector({ ...dummyPolicy, terms: [{ text: 'Tukipalvelu', kind: 'role' }] }).score(
      sender,
    );
    expect(verdict.verdict).toBe('warn');
    expect(verdict.reasons.map((reason) => reason.code)).toContain('tenant_name');
  });

  it('say why a term cannot be matched', () => {
    expect(customTermProblem('Tukipalvelu')).toBeUndefined();
    expect(customTermProblem('Служба ИТ')).toBeUndefined();
    expect(customTermProblem('ヘルプデスク')).toMatch(/fewer than two letters/);
    expect(customTermProblem('---')).toMatch(/fewer than two letters/);
    expect(customTermProblem('ИЯ')).toMatch(/fewer than/);
  });
});

describe('partner helpdesks', () => {
  const policy: DetectionPolicy = {
    ...dummyPolicy,
    partnerHelpdesks: [
      { name: 'Northwind MSP', tenantIds: [dummyPartnerTenant.toUpperCase()] },
      { name: 'Litware Support', domains: ['litware-support.com'] },
    ],
  };
  const detector = createDetector(policy);

  it('are shown as such instead of warned about, by tenant', () => {
    const verdict = detector.score({ displayName: 'IT Helpdesk', tenantId: ` ${dummyPartnerTenant} ` });
    expect(verdict).toMatchObject({ verdict: 'none', external: true, partner: 'Northwind MSP' });
    expect(verdict.reasons[0]).toEqual({
      code: 'partner_helpdesk',
      message: expect.stringContaining("'Northwind MSP', a partner helpdesk"),
      text: { key: 'warning.reasons.partnerHelpdesk', params: { name: 'Northwind MSP' } },
    });
    // The evidence is still there, for the record.
    expect(verdict.reasons.map((reason) => reason.code)).toContain('helpdesk_role');
    expect(verdict.score).toBeGreaterThan(0.5);
  });

  it('are shown as such by the address domain, and its subdomains, when the entry has no tenant IDs', () => {
    for (const upn of ['desk@litware-support.com', 'Desk@EU.Litware-Support.com'])
      expect(detector.score({ displayName: 'Service Desk', upn, ...external })).toMatchObject({
        verdict: 'none',
        partner: 'Litware Support',
      });
    expect(
      detector.score({ displayName: 'Service Desk', upn: 'desk@notlitware-support.com', ...external })
        .verdict,
    ).toBe('warn');
  });

  it('match only by tenant when the entry names tenants', () => {
    const byTenant = createDetector({
      ...dummyPolicy,
      partnerHelpdesks: [
        { name: 'Northwind MSP', tenantIds: [dummyPartnerTenant], domains: ['northwind-msp.com'] },
      ],
    });
    expect(
      byTenant.score({ displayName: 'IT Helpdesk', upn: 'it@northwind-msp.com', ...external }).verdict,
    ).toBe('warn');
  });

  it('do not change who is internal or trusted', () => {
    const verdict = createDetector({
      ...policy,
      partnerHelpdesks: [{ name: 'Home', tenantIds: [dummyPolicy.homeTenantId] }],
    }).score({ displayName: 'IT Helpdesk', tenantId: dummyPolicy.homeTenantId });
    expect(verdict.reasons[0].code).toBe('internal_sender');
    expect(verdict.partner).toBeUndefined();
  });
});

describe('tenant and domain names', () => {
  const detector = createDetector(dummyPolicy);
  const reason = (upn: string) =>
    detector
      .score({ displayName: 'Jennifer Adams', upn, ...external })
      .reasons.find((found) => found.code === 'tenant_name' || found.code === 'domain_name');

  it.each([
    ['msftprotection.onmicrosoft.com', 'a Microsoft security service'],
    ['rnicrosoftsupport.onmicrosoft.com', 'Microsoft support'],
    ['securityadminhelper.onmicrosoft.com', 'a security team'],
    ['securityhelpdesk.onmicrosoft.com', 'an IT security team'],
    ['supportadminstrator.onmicrosoft.com', 'an IT admin team'],
    ['identityverification.onmicrosoft.com', 'an account security service'],
  ])('warn about a person from %p, "named like %s"', (domain, looksLike) => {
    const verdict = detector.score({ displayName: 'Jennifer Adams', upn: `jennifer@${domain}`, ...external });
    expect(verdict.verdict).toBe('warn');
    expect(reason(`jennifer@${domain}`)?.message).toBe(
      `The account comes from an organisation named like ${looksLike} ('${domain}').`,
    );
  });

  it.each([
    ['contoso123.onmicrosoft.com'],
    ['fabrikamgmbh.onmicrosoft.com'],
    ['smithaccounting.onmicrosoft.com'],
    ['homecaresupport.onmicrosoft.com'],
    ['teamsportmuller.onmicrosoft.com'],
    ['acme-security.com'],
    ['windows-and-doors.co.uk'],
    ['azure-dental.com'],
  ])('do not warn about a person from an ordinary %p', (domain) => {
    expect(
      detector.score({ displayName: 'Jennifer Adams', upn: `jennifer@${domain}`, ...external }).verdict,
    ).toBe('none');
  });

  it('warn about a custom domain named after Microsoft, not one merely sharing a word with it', () => {
    expect(
      detector.score({ displayName: 'Jennifer Adams', upn: 'j@office365-support.co', ...external }).verdict,
    ).toBe('warn');
    expect(reason('j@office365-support.co')?.message).toBe(
      "The account's domain ('office365-support.co') is named like Microsoft support.",
    );
    expect(
      detector.score({ displayName: 'Jennifer Adams', upn: 'j@outlook-inn.com', ...external }).verdict,
    ).toBe('none');
  });
});

describe('explain()', () => {
  it('gives the verdict, the threshold and the scores of the name and the address', () => {
    const detector = createDetector({ ...dummyPolicy, threshold: 0.7 });
    const sender = { displayName: 'Help Desk', upn: 'jane@fabrikam.onmicrosoft.com', ...external };
    const explained = detector.explain(sender);
    expect(explained).toMatchObject({ ...detector.score(sender), threshold: 0.7 });
    expect(explained.parts).toEqual({ name: 0.825, address: 0.2 });
    expect(explained.score).toBeCloseTo(1 - (1 - 0.825) * (1 - 0.2), 3);
    expect(detector.threshold).toBe(0.7);
  });

  it('gives the default threshold when the policy sets none', () => {
    expect(createDetector(dummyPolicy).explain({ displayName: 'John Smith' }).threshold).toBe(0.5);
  });
});
