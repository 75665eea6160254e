import { describe, expect, it } from 'vitest';
import { authorizationHeader, signature } from '../../../main/uitpas/oauth.js';

// OAuth Core 1.0, Appendix A.5 (photos.example.net).
const appendixA = {
  consumerKey: 'dpf43f3p2l4k3l03',
  consumerSecret: 'kd94hf93k423kf44',
  token: 'nnch734d00sl2jdk',
  tokenSecret: 'pfkkdhi9sl3r4s00',
};

describe('OAuth 1.0a signing', () => {
  it('reproduces the OAuth Core 1.0 Appendix A signature', () => {
    expect(
      signature(appendixA, {
        method: 'GET',
        url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
        timestamp: 1191242096,
        nonce: 'kllo9940pd9333jh',
      }),
    ).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('signs form parameters: changing one changes the signature', () => {
    const base = { method: 'POST' as const, url: 'http://127.0.0.1/x', timestamp: 1, nonce: 'n' };
    const a = signature(appendixA, { ...base, form: { balieConsumerKey: 'A' } });
    const b = signature(appendixA, { ...base, form: { balieConsumerKey: 'B' } });
    expect(a).not.toBe(b);
  });

  it('omits oauth_token for consumer-only requests and puts extras in the header', () => {
    const h = authorizationHeader(
      { consumerKey: 'ck', consumerSecret: 'cs' },
      { method: 'POST', url: 'http://127.0.0.1/requestToken', extraOAuth: { oauth_callback: 'http://127.0.0.1:9/cb' } },
    );
    expect(h).not.toMatch(/oauth_token=/);
    expect(h).toMatch(/oauth_callback="http%3A%2F%2F127.0.0.1%3A9%2Fcb"/);
    expect(h).toMatch(/^OAuth /);
  });
});
