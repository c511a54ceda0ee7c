import { compilePath, matchPath, openApiPath } from './route-path';

describe('route paths', () => {
  const path = compilePath('/v1/communities/:communityId/transfers/:transferId');

  it('matches and decodes parameters', () => {
    expect(matchPath(path, '/v1/communities/demo/transfers/pay-1%2Ftax')).toEqual({
      communityId: 'demo',
      transferId: 'pay-1/tax',
    });
  });

  it.each([
    '/v1/communities/demo/transfers',
    '/v1/communities/demo/transfers/x/y',
    '/v1/communities//transfers/x',
    '/v1/communities/demo/transfer/x',
    '/v1/communities/demo/transfers/%E0%A4%A',
  ])('does not match %s', (pathname) => {
    expect(matchPath(path, pathname)).toBeNull();
  });

  it('writes OpenAPI templates', () => {
    expect(openApiPath(path.pattern)).toBe('/v1/communities/{communityId}/transfers/{transferId}');
  });
});
