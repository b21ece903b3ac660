import { firstContactWarningCard } from '../../../cards/first-contact-warning';
import { tipCard } from '../../../cards/tip';
import { TIP_NEXT_VERB } from '../../../cards/tip-verbs';
import { translatorFor } from '../../../src/i18n/translations';

const EN_WARNING = translatorFor({}, 'en');

/** The binders share one parsed template each; one expansion must not leak into the next. */
describe('compiled card templates', () => {
  const dummyWarning = (name: string, reasons: string[]) => ({
    senderDisplayName: name,
    senderUpn: `${name.toLowerCase().replace(/\s+/g, '')}@x.onmicrosoft.com`,
    senderOrganisation: 'x.onmicrosoft.com',
    chatThreadId: `19:${name.length}_a@unq.gbl.spaces`,
    observedAt: '2026-11-27T22:00:00Z',
    reasons,
    orgName: 'Contoso',
    helpdeskName: 'Contoso IT Service Desk',
    campaign: null,
  });

  it('expands the same template twice with different data independently', () => {
    const first = JSON.stringify(
      firstContactWarningCard(EN_WARNING, dummyWarning('IT Helpdesk', ['one', 'two', 'three'])),
    );
    const second = JSON.stringify(
      firstContactWarningCard(EN_WARNING, dummyWarning('Microsoft Security', ['only'])),
    );
    const firstAgain = JSON.stringify(
      firstContactWarningCard(EN_WARNING, dummyWarning('IT Helpdesk', ['one', 'two', 'three'])),
    );

    expect(second).not.toContain('IT Helpdesk');
    expect(second).not.toContain('- two');
    expect(firstAgain).toBe(first);
  });

  it('keeps repeated data ($data) per expansion', () => {
    expect(
      JSON.stringify(
        tipCard({ t: { position: 'Tip 1 of 2', next: 'Next' }, text: 'a', nextVerb: TIP_NEXT_VERB }),
      ),
    ).not.toBe(
      JSON.stringify(
        tipCard({ t: { position: 'Tip 2 of 2', next: 'Next' }, text: 'b', nextVerb: TIP_NEXT_VERB }),
      ),
    );
  });
});
