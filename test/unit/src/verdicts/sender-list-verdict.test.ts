import type { Verdict } from '../../../../src/detection';
import {
  ALLOWED_BY_SECURITY_TEAM,
  applyListEntry,
  decidingEntry,
  REPORTED_BY_SECURITY_TEAM,
} from '../../../../src/verdicts';
import { dummyAttackerUpn, dummyEntry } from './dummy-entries';

const ordinary: Verdict = { verdict: 'none', score: 0.05, external: true, reasons: [] };
const helpdesk: Verdict = {
  verdict: 'warn',
  score: 0.92,
  external: true,
  reasons: [{ code: 'helpdesk_term', message: 'The name says "helpdesk".', weight: 0.6 }],
  imitates: 'IT Helpdesk',
};

describe('decidingEntry', () => {
  const allowedSender = dummyEntry({ list: 'allow', kind: 'sender', value: dummyAttackerUpn });
  const blockedTenant = dummyEntry();
  const blockedDomain = dummyEntry({ kind: 'domain', value: 'fabrikam.example' });

  it('is undefined when nothing is listed', () => {
    expect(decidingEntry([])).toBeUndefined();
  });

  it('lets a block on any key win over an allow', () => {
    expect(decidingEntry([allowedSender, blockedDomain])).toBe(blockedDomain);
  });

  it('names the most specific block', () => {
    expect(decidingEntry([blockedDomain, blockedTenant])).toBe(blockedTenant);
  });

  it('takes an allow when nothing is blocked', () => {
    expect(decidingEntry([allowedSender])).toBe(allowedSender);
  });
});

describe('applyListEntry', () => {
  it('warns about a blocked tenant whatever the name, its reason first', () => {
    const verdict = applyListEntry(ordinary, dummyEntry());

    expect(verdict).toMatchObject({ verdict: 'warn', score: 0.05, external: true });
    expect(verdict.reasons).toEqual([
      {
        code: REPORTED_BY_SECURITY_TEAM,
        message: "Your security team reported this sender's organisation as an attack.",
        text: { key: 'warning.reasons.reportedOrganisation' },
      },
    ]);
  });

  it("puts a blocked sender's reason before the name's", () => {
    const verdict = applyListEntry(helpdesk, dummyEntry({ kind: 'sender', value: dummyAttackerUpn }));

    expect(verdict.reasons.map((reason) => reason.code)).toEqual([
      REPORTED_BY_SECURITY_TEAM,
      'helpdesk_term',
    ]);
    expect(verdict.reasons[0].message).toBe('Your security team reported this sender as an attack.');
  });

  it("does not warn about an allowed sender whose name looks like the helpdesk, keeping the name's reasons after", () => {
    const verdict = applyListEntry(
      helpdesk,
      dummyEntry({ list: 'allow', kind: 'sender', value: dummyAttackerUpn }),
    );

    expect(verdict).toMatchObject({ verdict: 'none', score: 0.92, imitates: 'IT Helpdesk' });
    expect(verdict.reasons.map((reason) => reason.code)).toEqual([ALLOWED_BY_SECURITY_TEAM, 'helpdesk_term']);
  });

  it('leaves an unlisted sender as it was', () => {
    expect(applyListEntry(helpdesk, undefined)).toBe(helpdesk);
  });
});
