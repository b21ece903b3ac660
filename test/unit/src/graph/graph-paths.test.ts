import { catalogAppBind, chatPath, userPath } from '../../../../src/graph/graph-paths';

describe('graph paths', () => {
  it.each([
    [
      'an object ID',
      '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      '/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd',
    ],
    ['a UPN', 'adele@contoso.com', '/v1.0/users/adele%40contoso.com'],
    [
      'a B2B guest UPN',
      'bob_fabrikam.com#EXT#@contoso.com',
      '/v1.0/users/bob_fabrikam.com%23EXT%23%40contoso.com',
    ],
    ['a UPN with a slash', 'a/b@contoso.com', '/v1.0/users/a%2Fb%40contoso.com'],
    ['a UPN starting with $', '$adm@contoso.com', "/v1.0/users('%24adm%40contoso.com')"],
    ['a $ UPN with a quote', "$o'neil@contoso.com", "/v1.0/users('%24o''neil%40contoso.com')"],
  ])('userPath encodes %s', (_case, key, expected) => {
    expect(userPath(key)).toBe(expected);
  });

  it('chatPath encodes the colon and @ of a chat thread ID', () => {
    expect(chatPath('19:abc_def@unq.gbl.spaces')).toBe('/v1.0/chats/19%3Aabc_def%40unq.gbl.spaces');
  });

  it('catalogAppBind points at the same Graph endpoint as the request', () => {
    expect(catalogAppBind('https://graph.microsoft.us', 'app-1')).toBe(
      'https://graph.microsoft.us/v1.0/appCatalogs/teamsApps/app-1',
    );
  });
});
