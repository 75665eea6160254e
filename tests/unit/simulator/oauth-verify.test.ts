import { describe, expect, it } from 'vitest';
import {
  NonceStore,
  parseAuthorizationHeader,
  signatureBaseString,
  verifyOAuth,
  type VerifyContext,
} from '../../../main/tools/simulator/oauth-verify.js';

// OAuth Core 1.0 Appendix A.5: the server side must accept exactly this request.
const header =
  'OAuth realm="http://photos.example.net/", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ' +
  'oauth_signature_method="HMAC-SHA1", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_timestamp="1191242096", ' +
  'oauth_nonce="kllo9940pd9333jh", oauth_version="1.0"';

function ctx(over: Partial<VerifyContext> = {}): VerifyContext {
  const nonces = new NonceStore();
  return {
    consumerSecret: (k) => (k === 'dpf43f3p2l4k3l03' ? 'kd94hf93k423kf44' : undefined),
    tokenSecret: (t) => (t === 'nnch734d00sl2jdk' ? 'pfkkdhi9sl3r4s00' : undefined),
    nowSeconds: 1191242096 + 10,
    useNonce: (k, ts, n) => nonces.use(k, ts, n, 1191242096),
    ...over,
  };
}

const request = {
  method: 'GET',
  baseUrl: 'http://photos.example.net/photos',
  query: 'file=vacation.jpg&size=original',
  form: '',
  authorization: header,
};

describe('simulator OAuth verification', () => {
  it('builds the Appendix A base string', () => {
    const params = Object.entries(parseAuthorizationHeader(header)!).filter(([k]) => k !== 'oauth_signature');
    expect(
      signatureBaseString('GET', 'http://photos.example.net/photos', [...params, ['file', 'vacation.jpg'], ['size', 'original']]),
    ).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
  });

  it('accepts the Appendix A request, then refuses its replay', () => {
    const c = ctx();
    expect(verifyOAuth(request, c)).toMatchObject({ ok: true, consumerKey: 'dpf43f3p2l4k3l03', token: 'nnch734d00sl2jdk' });
    expect(verifyOAuth(request, c)).toMatchObject({ ok: false, problem: 'nonce_used' });
  });

  it('refuses altered parameters, unknown consumers and tokens, stale timestamps', () => {
    expect(verifyOAuth({ ...request, query: 'file=vacation.jpg&size=large' }, ctx())).toMatchObject({
      ok: false,
      problem: 'signature_invalid',
    });
    expect(verifyOAuth({ ...request, method: 'POST' }, ctx())).toMatchObject({ ok: false, problem: 'signature_invalid' });
    expect(verifyOAuth(request, ctx({ consumerSecret: () => undefined }))).toMatchObject({ ok: false, problem: 'consumer_key_unknown' });
    expect(verifyOAuth(request, ctx({ tokenSecret: () => undefined }))).toMatchObject({ ok: false, problem: 'token_rejected' });
    expect(verifyOAuth(request, ctx({ nowSeconds: 1191242096 + 301 }))).toMatchObject({ ok: false, problem: 'timestamp_refused' });
    expect(verifyOAuth({ ...request, authorization: undefined }, ctx())).toMatchObject({ ok: false, problem: 'parameter_absent' });
  });

  it('counts an oauth parameter repeated in the query once', () => {
    const query = `${request.query}&oauth_nonce=kllo9940pd9333jh&oauth_timestamp=1191242096`;
    expect(verifyOAuth({ ...request, query }, ctx())).toMatchObject({ ok: true });
  });
});
