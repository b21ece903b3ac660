import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_PROFILE,
  DEFAULT_TIPS,
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
    expect(profile.tips).toEqual(DEFAULT_TIPS);
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
