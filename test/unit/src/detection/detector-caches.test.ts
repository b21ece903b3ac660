/**
 * The detector's caches (typo pre-check answers by word, domain evidence by domain) only
 * save time: a verdict is the same whether its answers came from a cache or were worked
 * out, after evictions, and a verdict's reasons stay its own.
 */
import { createDetector, type SenderIdentity } from '../../../../src/detection';
import { addressEvidence } from '../../../../src/detection/evidence/address-evidence';
import { createDomainCache } from '../../../../src/detection/evidence/domain-evidence';
import { compileOrgDomains } from '../../../../src/detection/evidence/org-domains';
import { compileDomainVocabulary } from '../../../../src/detection/evidence/owner-name';
import { compileVocabulary } from '../../../../src/detection/match/compile-vocabulary';
import { mayHaveTypo } from '../../../../src/detection/match/typo-matches';
import { BASE_TERMS } from '../../../../src/detection/policy/vocabulary';
import { scanName } from '../../../../src/detection/scan/name-scan';
import { joinedOf } from '../../../../src/detection/scan/normalise-name';

const policy = {
  homeTenantId: 'home',
  trustedTenantIds: ['partner'],
  orgName: 'Contoso',
  orgDomains: ['contoso.com'],
};

describe('typo pre-check cache', () => {
  it('answers as a fresh vocabulary does, for words seen again and words that share slots', () => {
    const cached = compileVocabulary(BASE_TERMS, joinedOf);
    const fresh = compileVocabulary(BASE_TERMS, joinedOf);
    // A cache with no room: every answer is worked out (reads miss, writes go nowhere).
    fresh.closeTerms.slots = new Uint8Array(0);
    const words = ['Secuirty Team', 'Jonathan Smithers', 'Helpdsk', 'Suport', 'Mircosoft', 'Annabelle Q.'];
    // Many distinct words, so slots are overwritten between the repeats.
    for (let i = 0; i < 20_000; i += 1) words.push(`${String.fromCharCode(97 + (i % 26))}brahamovic${i}`);
    for (const round of [0, 1]) {
      for (const word of words) {
        if (round === 0 && words.indexOf(word) > 50) continue;
        expect([word, mayHaveTypo(scanName(word), cached)]).toEqual([
          word,
          mayHaveTypo(scanName(word), fresh),
        ]);
      }
    }
  });
});

describe('domain evidence cache', () => {
  const vocabulary = compileVocabulary(BASE_TERMS, joinedOf);
  const owners = compileDomainVocabulary();
  const org = compileOrgDomains(policy);

  it('gives the same evidence as no cache, across evictions', () => {
    const cache = createDomainCache();
    const upns: string[] = [];
    for (let i = 0; i < 9_000; i += 1)
      upns.push(
        i % 5 === 0
          ? `helpdesk@it-support${i % 300}.onmicrosoft.com`
          : i % 5 === 1
            ? `John.Smith@Contoso.com.`
            : i % 5 === 2
              ? `j@c0ntoso${i}.com`
              : `user${i}@org${i % 5000}.example.com`,
      );
    upns.push('', '@', 'noat', 'x@', ' Spaced@Contoso.COM ', 'a@b@contoso.com', 'user@.');
    // Upper case or non-ASCII in one part only, leetspeak symbols, a Turkish dotted I.
    upns.push(
      'it.support@Helpdesk.onmicrosoft.com',
      'ITSupport@helpdesk.onmicrosoft.com',
      'help$desk@contoso-it.onmicrosoft.com',
      'helpdesk@mícrosoft-support.com',
      'İT.support@contoso.com',
      'support@CONTOSO.COM.',
      'Support',
    );
    // A long domain, and a domain ending in a dot.
    upns.push(`it@${'a'.repeat(70)}.onmicrosoft.com`, 'helpdesk@contoso-support.onmicrosoft.com.');
    for (const upn of [...upns, ...upns.slice().reverse()])
      expect([upn, addressEvidence(upn, vocabulary, owners, org, cache)]).toEqual([
        upn,
        addressEvidence(upn, vocabulary, owners, org),
      ]);
  });

  it('reads an address in any case and with surrounding space as its trimmed lower case', () => {
    for (const [given, plain] of [
      ['HelpDesk@Contoso-IT.OnMicrosoft.com', 'helpdesk@contoso-it.onmicrosoft.com'],
      [' it.support@fabrikam.com\t', 'it.support@fabrikam.com'],
      ['\u00a0Jane.Doe@Contoso.com', 'jane.doe@contoso.com'],
      ['SUPPORT@MICROSOFT-SECURITY.COM', 'support@microsoft-security.com'],
    ]) {
      const fromGiven = addressEvidence(given, vocabulary, owners, org, createDomainCache());
      const fromPlain = addressEvidence(plain, vocabulary, owners, org, createDomainCache());
      expect(fromGiven.score).toBe(fromPlain.score);
      expect(fromGiven.reasons.map((reason) => reason.code)).toEqual(
        fromPlain.reasons.map((reason) => reason.code),
      );
      expect(fromPlain.score).toBeGreaterThan(0);
    }
  });

  it('hands out copies of cached reasons', () => {
    const cache = createDomainCache();
    const first = addressEvidence('a@helpdesk.onmicrosoft.com', vocabulary, owners, org, cache);
    first.reasons[0].message = 'changed';
    const second = addressEvidence('b@helpdesk.onmicrosoft.com', vocabulary, owners, org, cache);
    expect(second.reasons[0].message).not.toBe('changed');
    expect(second.reasons[0]).not.toBe(first.reasons[0]);
  });
});

describe('createDetector with warm caches', () => {
  it('scores a sender the same the first time and after many others', () => {
    const senders: SenderIdentity[] = [
      { displayName: 'Secuirty Team', upn: 'security@contoso-it.onmicrosoft.com', tenantId: 'x' },
      { displayName: 'Jane Doe', upn: 'jane.doe@contoso.com', tenantId: 'y' },
      { displayName: 'Microsoft Support', upn: 'support@contoso.com', tenantId: 'home' },
      { displayName: 'Helpdsk Jonathan', upn: 'helpdesk@fabrikam.onmicrosoft.com', tenantId: 'partner' },
    ];
    const cold = senders.map((sender) => createDetector(policy).score(sender));
    const warm = createDetector(policy);
    for (let i = 0; i < 6_000; i += 1)
      warm.score({ displayName: `Person${i} Surname${i % 97}`, upn: `p${i}@org${i}.example.com` });
    const again = senders.map((sender) => warm.score(sender));
    expect(again).toEqual(cold);
    again[0].reasons[0].message = 'changed';
    expect(warm.score(senders[0])).toEqual(cold[0]);
  });
});
