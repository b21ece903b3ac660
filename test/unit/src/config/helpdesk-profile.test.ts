import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_PROFILE,
  detectionSettingsOf,
  loadHelpdeskProfile,
  parseHelpdeskProfile,
} from '../../../../src/config/helpdesk-profile';
import { isGuardError } from '../../../../src/errors';

const dummyProfile = {
  orgName: 'Fabrikam',
  helpdeskName: 'Fabrikam Service Desk',
  displayNames: ['Fabrikam Service Desk'],
  internalDomains: ['Fabrikam.com'],
  contactChannels: ['A ticket in the portal'],
};

const writeTemp = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'hg-profile-')), 'profile.json');
  writeFileSync(file, text);
  return file;
};

describe('helpdesk profile', () => {
  it('falls back to the default profile without a file', () => {
    expect(loadHelpdeskProfile(undefined)).toBe(DEFAULT_PROFILE);
  });

  it('loads a file, normalises domains and fills defaults', () => {
    const profile = loadHelpdeskProfile(writeTemp(JSON.stringify(dummyProfile)));

    expect(profile.internalDomains).toEqual(['fabrikam.com']);
    expect(profile.phoneNumbers).toEqual([]);
    // No tips of its own: `tips` shows the catalogues' lessons, in each user's language.
    expect(profile.tips).toBeUndefined();
    expect(profile.securityTeamLanguage).toBe('en');
    expect(profile.messages).toEqual({});
  });

  it('names the file and the JSON error for a broken file', () => {
    const file = writeTemp('{"orgName": ');

    expect(() => loadHelpdeskProfile(file)).toThrow(/not valid JSON/);
  });

  it('names a file that cannot be read', () => {
    expect(() => loadHelpdeskProfile('/nonexistent/profile.json')).toThrow(
      /Cannot read HELPDESK_PROFILE_FILE/,
    );
  });

  it('lists every invalid field at once', () => {
    let error: unknown;
    try {
      parseHelpdeskProfile({
        ...dummyProfile,
        internalDomains: ['not a domain'],
        portalUrl: 'http://it.example',
        extra: 1,
      });
    } catch (err) {
      error = err;
    }

    expect(isGuardError(error, 'profile_invalid')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('internalDomains.0');
    expect(message).toContain('portalUrl');
    expect(message).toContain('extra');
  });
});

describe('helpdesk profile: detection settings', () => {
  const dummyPartnerTenant = '33333333-3333-3333-3333-333333333333';

  it('has none by default: no terms, no partners, no threshold', () => {
    expect(parseHelpdeskProfile(dummyProfile).detection).toEqual({ terms: [], partnerHelpdesks: [] });
    expect(DEFAULT_PROFILE.detection).toEqual({ terms: [], partnerHelpdesks: [] });
  });

  it('reads terms, partner helpdesks and a threshold, normalising IDs and domains', () => {
    const profile = parseHelpdeskProfile({
      ...dummyProfile,
      detection: {
        threshold: 0.6,
        terms: [
          { text: ' Tukipalvelu ', kind: 'role' },
          { text: 'MyDesk', kind: 'product', weight: 0.4 },
        ],
        partnerHelpdesks: [
          { name: 'Northwind MSP', tenantIds: [dummyPartnerTenant.toUpperCase()] },
          { name: 'Litware', domains: ['Litware-Support.com'] },
        ],
      },
    });
    expect(profile.detection).toEqual({
      threshold: 0.6,
      terms: [
        { text: 'Tukipalvelu', kind: 'role' },
        { text: 'MyDesk', kind: 'product', weight: 0.4 },
      ],
      partnerHelpdesks: [
        { name: 'Northwind MSP', tenantIds: [dummyPartnerTenant], domains: [] },
        { name: 'Litware', tenantIds: [], domains: ['litware-support.com'] },
      ],
    });
  });

  it('refuses what the detector could not use, each problem with its field', () => {
    let error: unknown;
    try {
      parseHelpdeskProfile({
        ...dummyProfile,
        detection: {
          threshold: 0,
          terms: [
            { text: 'ヘルプデスク', kind: 'role' },
            { text: 'Tuki', kind: 'team' },
            { text: 'x', kind: 'role' },
          ],
          partnerHelpdesks: [{ name: 'Nobody' }, { name: 'Bad', tenantIds: ['not-a-guid'] }],
          extra: true,
        },
      });
    } catch (err) {
      error = err;
    }
    expect(isGuardError(error, 'profile_invalid')).toBe(true);
    const message = (error as Error).message;
    for (const field of [
      'detection.threshold',
      "detection.terms.0.text: 'ヘルプデスク' has fewer than two letters",
      'detection.terms.1.kind',
      'detection.terms.2.text',
      'detection.partnerHelpdesks.0: needs tenantIds (best) or domains',
      'detection.partnerHelpdesks.1.tenantIds.0: must be a tenant ID',
      'detection: Unrecognized key',
    ])
      expect(message).toContain(field);
  });

  it('gives the detector the names, domains, terms, partners and threshold', () => {
    const profile = parseHelpdeskProfile({
      ...dummyProfile,
      detection: { threshold: 0.6, terms: [{ text: 'Tukipalvelu', kind: 'role' }] },
    });
    expect(detectionSettingsOf(profile)).toEqual({
      orgName: 'Fabrikam',
      orgDomains: ['fabrikam.com'],
      helpdeskNames: ['Fabrikam Service Desk'],
      terms: [{ text: 'Tukipalvelu', kind: 'role' }],
      partnerHelpdesks: [],
      threshold: 0.6,
    });
  });

  it('lets DETECTION_THRESHOLD win over the profile, and sets no threshold when neither does', () => {
    const profile = parseHelpdeskProfile({ ...dummyProfile, detection: { threshold: 0.6 } });
    expect(detectionSettingsOf(profile, 0.8).threshold).toBe(0.8);
    expect(detectionSettingsOf(parseHelpdeskProfile(dummyProfile))).not.toHaveProperty('threshold');
  });
});
