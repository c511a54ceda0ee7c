import type { IncomingMessage } from 'node:http';
import { requestUrl } from './request-url';

const request = (url: string | undefined) => ({ url }) as IncomingMessage;

describe('requestUrl', () => {
  it('reads the path and query of a request target', () => {
    const url = requestUrl(request('/v1/communities/c/events?key=tk_x&types=a'));
    expect(url?.pathname).toBe('/v1/communities/c/events');
    expect(url?.searchParams.get('types')).toBe('a');
    expect(requestUrl(request(undefined))?.pathname).toBe('/');
  });

  it('answers null, without throwing, for a target that is not a URL', () => {
    for (const target of ['http://[::1/v1/key?key=tk_x', 'http://a%zz/?key=tk_x', 'http://[/x']) {
      expect(requestUrl(request(target))).toBeNull();
    }
  });
});
