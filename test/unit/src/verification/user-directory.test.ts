import { createUserDirectory, isObjectId } from '../../../../src/verification/user-directory';
import { dummyAlice, dummyTenantId } from './fake-verification-deps';

describe('createUserDirectory', () => {
  const lookups: string[] = [];
  const directory = createUserDirectory({
    lookupUpn: async (_tenantId, upn) => {
      lookups.push(upn);
      return upn === 'alice@contoso.com'
        ? { ...dummyAlice, aadObjectId: dummyAlice.aadObjectId.toUpperCase() }
        : undefined;
    },
  });

  beforeEach(() => {
    lookups.length = 0;
  });

  it('takes an object ID as it is, lower-cased, without a lookup', async () => {
    expect(await directory.resolve(dummyTenantId, ` ${dummyAlice.aadObjectId.toUpperCase()} `)).toEqual({
      aadObjectId: dummyAlice.aadObjectId,
    });
    expect(lookups).toEqual([]);
  });

  it('looks a UPN up, lower-cased, and lower-cases the ID it returns', async () => {
    expect(await directory.resolve(dummyTenantId, 'Alice@Contoso.com')).toEqual(dummyAlice);
    expect(lookups).toEqual(['alice@contoso.com']);
  });

  it.each(['nobody@contoso.com', 'alice', 'not a upn@contoso.com', ''])(
    'resolves %j to nothing',
    async (typed) => {
      expect(await directory.resolve(dummyTenantId, typed)).toBeUndefined();
    },
  );
});

describe('isObjectId', () => {
  it.each([
    [dummyAlice.aadObjectId, true],
    ['a11ce000-0000-4000-8000-00000000000', false],
    ['alice@contoso.com', false],
  ])('%s -> %s', (value, expected) => {
    expect(isObjectId(value)).toBe(expected);
  });
});
