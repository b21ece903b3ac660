import {
  DEFAULT_PROFILE,
  DEFAULT_TIPS,
  type HelpdeskProfile,
} from '../../../../../src/config/helpdesk-profile';
import { ILLUSTRATIONS, illustrationForTip } from '../../../../../src/education/illustrations';
import { escapeXml } from '../../../../../src/education/illustrations/escape-xml';
import { renderPng } from '../../../../../src/media/render-png';

/** Every string the pictures take from the profile, made hostile. */
const HOSTILE = '</text><script>alert(1)</script><text x="0" y="0">&amp; "q" \'a\' \u0000\u0007\ud800';
const hostileProfile: HelpdeskProfile = {
  ...DEFAULT_PROFILE,
  orgName: `Evil ${HOSTILE}`,
  helpdeskName: `Desk ${HOSTILE}`,
  internalDomains: ['contoso.com'],
};

describe('escapeXml', () => {
  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['&amp;', '&amp;amp;'],
    ['a\u0000b\u001fc', 'abc'],
    ['lone \ud800 surrogate', 'lone  surrogate'],
    ['kept: \ud83d\udee1 tab\tnewline\n', 'kept: \ud83d\udee1 tab\tnewline\n'],
  ])('turns %j into %j', (raw, escaped) => {
    expect(escapeXml(raw)).toBe(escaped);
  });
});

describe.each(ILLUSTRATIONS.map((illustration) => [illustration.id, illustration] as const))(
  'the %s picture',
  (_id, illustration) => {
    it('adds no markup from hostile profile strings', () => {
      const svg = illustration.svg(hostileProfile);

      expect(svg).not.toContain('<script');
      expect(svg).not.toContain('\u0000');
      expect(svg.match(/<text /g)?.length).toBe(svg.match(/<\/text>/g)?.length);
    });

    it('still renders with hostile profile strings (the SVG stays well-formed)', () => {
      expect(() => renderPng(illustration.svg(hostileProfile))).not.toThrow();
    });

    it('has an alt text that names what it shows', () => {
      expect(illustration.altText(DEFAULT_PROFILE).length).toBeGreaterThan(40);
    });
  },
);

describe('the pictures from the profile', () => {
  it("show the real helpdesk's name and domain, and the impersonator's onmicrosoft.com account", () => {
    const svg = ILLUSTRATIONS.find((illustration) => illustration.id === 'chat-headers')!.svg({
      ...DEFAULT_PROFILE,
      helpdeskName: 'Fabrikam Service Desk',
      orgName: 'Fabrikam',
      internalDomains: ['fabrikam.com'],
    });

    expect(svg).toContain('>Fabrikam Service Desk<');
    expect(svg).toContain('>@fabrikam.com<');
    expect(svg).toContain('>IT Helpdesk<');
    expect(svg).toContain('>External<');
    expect(svg).toMatch(/>it\.support@fabrikam-helpdesk\.onmicrosoft\.com</);
    expect(svg).toContain('>Block<');
    expect(svg).toContain('>Accept<');
  });

  it('caption Quick Assist "Never for an external chat"', () => {
    const svg = ILLUSTRATIONS.find((illustration) => illustration.id === 'quick-assist')!.svg(
      DEFAULT_PROFILE,
    );

    expect(svg).toContain('>Never for an external chat<');
  });
});

describe('illustrationForTip', () => {
  it.each([
    [DEFAULT_TIPS[0], 'chat-headers'],
    [DEFAULT_TIPS[1], 'chat-headers'],
    [DEFAULT_TIPS[2], 'quick-assist'],
    [DEFAULT_TIPS[3], 'display-name'],
    [DEFAULT_TIPS[5], undefined],
    ['Call 4444 for IT.', undefined],
  ])('pictures %j with %s', (tip, id) => {
    expect(illustrationForTip(tip)).toBe(id);
  });
});
