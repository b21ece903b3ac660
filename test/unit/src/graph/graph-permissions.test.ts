import { permissionHint } from '../../../../src/graph';

describe('permissionHint', () => {
  it.each([
    ['installAppForUser', 'TeamsAppInstallation.ReadWriteSelfForUser.All'],
    ['checkMemberGroups', 'User.Read.All and GroupMember.Read.All'],
    ['getUser', 'User.Read.All'],
    ['removeAllAccessForUser', 'delegated permission Chat.ReadWrite.All'],
  ] as const)('names the permission of %s on 403', (operation, permission) => {
    expect(permissionHint(operation, 403)).toContain(permission);
  });

  it('points at the token audience on 401', () => {
    expect(permissionHint('getUser', 401)).toContain('https://graph.microsoft.com/.default');
  });

  it.each([400, 404, 429, 503, undefined])('has no hint for %s', (status) => {
    expect(permissionHint('getUser', status)).toBeUndefined();
  });
});
