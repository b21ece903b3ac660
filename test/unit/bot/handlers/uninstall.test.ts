import { forgetOnUninstall } from '../../../../bot/handlers/uninstall';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID, dummyActivity } from '../../../support/activities';
import { DUMMY_ALICE, DUMMY_BOB_ID, handlerDeps, rememberUser } from '../support/handler-deps';
import { fakeTurn, fromNobody } from '../support/handler-turn';

const BOB = { tenantId: DUMMY_HOME_TENANT, aadObjectId: DUMMY_BOB_ID };
const uninstall = (overrides: Record<string, unknown> = {}) =>
  fakeTurn(dummyActivity('installation-update.personal.add', { action: 'remove', ...overrides }));

describe('forgetOnUninstall (installationUpdate remove)', () => {
  it("forgets the user's conversation reference, so nothing is sent into the void", async () => {
    const { deps, stores } = handlerDeps();
    await rememberUser(stores, DUMMY_ALICE);

    await forgetOnUninstall(deps)(uninstall().context);

    expect(await stores.conversations.get(DUMMY_ALICE)).toBeUndefined();
  });

  it('keeps the references of other users', async () => {
    const { deps, stores } = handlerDeps();
    await rememberUser(stores, DUMMY_ALICE);
    await rememberUser(stores, BOB);

    await forgetOnUninstall(deps)(uninstall().context);

    expect(await stores.conversations.get(BOB)).toBeDefined();
  });

  it('matches the user whatever the case of the IDs Teams sends', async () => {
    const { deps, stores } = handlerDeps();
    await rememberUser(stores, DUMMY_ALICE);

    await forgetOnUninstall(deps)(
      uninstall({
        from: { aadObjectId: DUMMY_USER_ID.toUpperCase() },
        channelData: { tenant: { id: DUMMY_HOME_TENANT.toUpperCase() } },
      }).context,
    );

    expect(await stores.conversations.get(DUMMY_ALICE)).toBeUndefined();
  });

  it('forgets nobody for an activity with no Entra user behind it', async () => {
    const { deps, stores } = handlerDeps();
    await rememberUser(stores, DUMMY_ALICE);

    await forgetOnUninstall(deps)(uninstall(fromNobody).context);

    expect(await stores.conversations.get(DUMMY_ALICE)).toBeDefined();
  });

  it('sends nothing (the app is gone) and logs the removal', async () => {
    const { deps, stores, logs } = handlerDeps();
    await rememberUser(stores, DUMMY_ALICE);
    const turn = uninstall();

    await forgetOnUninstall(deps)(turn.context);

    expect(turn.sent).toEqual([]);
    expect(logs()).toContainEqual(
      expect.objectContaining({ msg: 'app uninstalled; reference removed', aadObjectId: DUMMY_USER_ID }),
    );
  });
});
