import { translatorFor } from '../../../../src/i18n/translations';
import { createStaticSecurityTeam } from '../../../../src/reports/security-team';
import { createSenderLists, keyFromCard, manageLists, MemorySenderListStore } from '../../../../src/verdicts';
import { fakeLog } from '../../../support/fake-log';
import { fakePublisher } from '../../../support/fake-publisher';
import { dummyAnalyst, dummyAttackerTenant, dummyHomeTenant, dummyNow } from './dummy-entries';

const DAY = 24 * 60 * 60_000;
const ana = { ...dummyAnalyst, tenantId: dummyHomeTenant };
const alice = {
  aadObjectId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  name: 'Alice Example',
  tenantId: dummyHomeTenant,
};

const build = () => {
  const events = fakePublisher(dummyHomeTenant);
  const manage = manageLists({
    lists: createSenderLists({
      store: new MemorySenderListStore(),
      events,
      log: fakeLog().logger,
      clock: () => dummyNow,
    }),
    securityTeam: createStaticSecurityTeam({ ids: [dummyAnalyst.aadObjectId], tenantId: dummyHomeTenant }),
    home: { tenantId: dummyHomeTenant, domains: ['contoso.com'] },
  });
  return { manage, events };
};

const NOT_AUTHORIZED = {
  ok: false,
  reason: 'not_authorized',
  errorCode: 'not_authorized',
  message: { key: 'security.lists.notAuthorized' },
};
const en = translatorFor({}, 'en');

describe('managing the sender lists by hand', () => {
  it('adds a typed tenant ID with an expiry and a reason, by the acting analyst', async () => {
    const { manage } = build();

    const added = await manage.add(ana, {
      list: 'block',
      value: dummyAttackerTenant,
      days: 30,
      reason: 'vishing',
    });

    expect(added).toEqual({
      ok: true,
      entry: {
        list: 'block',
        kind: 'tenant',
        value: dummyAttackerTenant,
        reason: 'vishing',
        addedBy: dummyAnalyst,
        addedAt: dummyNow,
        expiresAt: dummyNow + 30 * DAY,
      },
    });
    expect(await manage.show(ana, 'block')).toEqual({
      ok: true,
      listed: { entries: [added.ok && added.entry], total: 1 },
    });
  });

  it('says who added an entry when no reason was given', async () => {
    const { manage } = build();

    const added = await manage.add(ana, { list: 'allow', value: 'partner.example' });

    expect(added).toMatchObject({ ok: true, entry: { reason: 'Added by hand by Ana Analyst' } });
  });

  it('refuses a value that is not a UPN, tenant ID or domain, and changes nothing', async () => {
    const { manage, events } = build();

    const added = await manage.add(ana, { list: 'block', value: 'not a sender' });

    expect(added).toMatchObject({ ok: false, reason: 'invalid_value', errorCode: 'body_invalid' });
    expect(events.events).toEqual([]);
  });

  it('removes a typed value and says when it is not on that list', async () => {
    const { manage } = build();
    await manage.add(ana, { list: 'block', value: 'Fabrikam.example' });

    const refused = await manage.remove(ana, 'allow', 'fabrikam.example');

    expect(refused).toMatchObject({ ok: false, reason: 'not_found', errorCode: 'not_found' });
    expect(!refused.ok && en.text(refused.message)).toBe(
      'fabrikam.example (domain) is not on the allowlist.',
    );
    expect(await manage.remove(ana, 'block', 'FABRIKAM.example')).toMatchObject({
      ok: true,
      removed: { kind: 'domain', value: 'fabrikam.example' },
    });
  });

  it.each([
    ['show', (m: ReturnType<typeof build>['manage']) => m.show(alice, 'block')],
    [
      'add',
      (m: ReturnType<typeof build>['manage']) => m.add(alice, { list: 'allow', value: 'fabrikam.example' }),
    ],
    ['remove', (m: ReturnType<typeof build>['manage']) => m.remove(alice, 'block', 'fabrikam.example')],
  ])('refuses %s to a user not on the security team, and changes nothing', async (_what, act) => {
    const { manage, events } = build();

    expect(await act(manage)).toEqual(NOT_AUTHORIZED);
    expect(events.events).toEqual([]);
  });

  it("refuses a security team member's object ID seen from another tenant", async () => {
    const { manage } = build();

    expect(await manage.show({ ...ana, tenantId: dummyAttackerTenant }, 'block')).toEqual(NOT_AUTHORIZED);
  });
});

describe('keyFromCard', () => {
  it('takes a known kind and a string value, lower-cased', () => {
    expect(keyFromCard('domain', 'Fabrikam.example')).toEqual({ kind: 'domain', value: 'fabrikam.example' });
  });

  it.each([
    ['an unknown kind', 'user', 'x'],
    ['a value that is not a string', 'tenant', 7],
    ['an empty value', 'tenant', ''],
    ['an overlong value', 'domain', 'x'.repeat(400)],
  ])('refuses %s', (_what, kind, value) => {
    expect(keyFromCard(kind, value)).toBeUndefined();
  });
});
