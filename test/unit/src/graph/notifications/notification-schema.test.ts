import { parseNotificationCollection } from '../../../../../src/graph/notifications';
import {
  DUMMY_CLIENT_STATE,
  createEncryptionKey,
  dummyChangeNotification,
  dummyLifecycleNotification,
  dummyRichNotification,
} from '../../../../support/graph-notification-builder';

const key = createEncryptionKey('hg-notifications-test');

describe('parseNotificationCollection', () => {
  it('parses a basic, a rich and a lifecycle notification, each as its kind', () => {
    const body = {
      value: [dummyChangeNotification(), dummyRichNotification(key), dummyLifecycleNotification()],
      validationTokens: ['a.b.c'],
    };

    const parsed = parseNotificationCollection(body);

    expect(parsed).toEqual({
      ok: true,
      collection: {
        validationTokens: ['a.b.c'],
        items: [
          { ok: true, index: 0, kind: 'change', notification: body.value[0] },
          { ok: true, index: 1, kind: 'change', notification: body.value[1] },
          { ok: true, index: 2, kind: 'lifecycle', notification: body.value[2] },
        ],
      },
    });
  });

  it('keeps fields it does not know', () => {
    const item = dummyChangeNotification({
      '@odata.type': '#Microsoft.Graph.ChangeNotification',
      newField: { a: 1 },
    });

    const parsed = parseNotificationCollection({ value: [item], '@odata.context': 'x' });

    expect(parsed.ok && parsed.collection.items[0]).toMatchObject({ ok: true, notification: item });
  });

  it.each([
    ['Created', 'created'],
    ['UPDATED', 'updated'],
  ])('reads changeType %s as %s (matched without case)', (given, documented) => {
    const parsed = parseNotificationCollection({ value: [dummyChangeNotification({ changeType: given })] });

    expect(parsed.ok && parsed.collection.items[0]).toMatchObject({
      ok: true,
      notification: { changeType: documented },
    });
  });

  it.each([
    ['changeType of another kind', { changeType: 'moved' }, 'changeType: invalid_enum_value'],
    ['a numeric clientState', { clientState: 42 }, 'clientState: invalid_type'],
    ['no subscriptionId', { subscriptionId: undefined }, 'subscriptionId: invalid_type'],
    ['a tenantId that is not a GUID', { tenantId: 'contoso' }, 'tenantId: invalid_string'],
    [
      'encryptedContent without dataKey',
      { encryptedContent: { data: 'a', dataSignature: 'b' } },
      'encryptedContent.dataKey',
    ],
  ])('refuses one item with %s and keeps the others', (_name, change, issue) => {
    const bad = { ...dummyChangeNotification(), ...change };

    const parsed = parseNotificationCollection({ value: [bad, dummyChangeNotification()] });

    expect(parsed.ok && parsed.collection.items).toEqual([
      { ok: false, index: 0, issues: expect.stringContaining(issue) },
      expect.objectContaining({ ok: true, index: 1 }),
    ]);
  });

  it('refuses a lifecycle event it does not know', () => {
    const parsed = parseNotificationCollection({
      value: [dummyLifecycleNotification({ lifecycleEvent: 'renamed' })],
    });

    expect(parsed.ok && parsed.collection.items[0]).toMatchObject({
      ok: false,
      issues: 'lifecycleEvent: invalid_enum_value',
    });
  });

  it('names fields, never values, in an item issue', () => {
    const parsed = parseNotificationCollection({
      value: [{ clientState: `${DUMMY_CLIENT_STATE}`.repeat(20) }],
    });

    expect(parsed.ok && parsed.collection.items[0]).toMatchObject({ ok: false });
    expect(JSON.stringify(parsed)).not.toContain(DUMMY_CLIENT_STATE);
  });

  it.each([
    ['an array', [dummyChangeNotification()]],
    ['an object without value', { notifications: [] }],
    ['value that is not an array', { value: dummyChangeNotification() }],
    ['validationTokens that are not strings', { value: [], validationTokens: [1] }],
    ['null', null],
  ])('refuses a body that is %s, with a message', (_name, body) => {
    expect(parseNotificationCollection(body)).toEqual({ ok: false, message: expect.any(String) });
  });
});
