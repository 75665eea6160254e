/** The login watch on passholder.search: a missing permission is no lost login. */
import { describe, expect, it } from 'vitest';
import { UnauthorizedWatch } from '../../../main/auth/watch-unauthorized.js';
import { UitpasError } from '../../../main/uitpas/port.js';
import { FakePort } from '../sales/fake-port.js';

const query = { name: 'Peeters', start: 0, max: 20 };

describe('UnauthorizedWatch.searchPassholders', () => {
  it('does not report ACCESS_DENIED (the counter lacks PERMISSION_PASSHOLDER)', async () => {
    const port = new FakePort();
    let reported = 0;
    const watch = new UnauthorizedWatch(port, () => reported++);
    port.passholderSearches.push(
      new UitpasError('unauthorized', 'ACCESS_DENIED: no', {
        code: 'ACCESS_DENIED',
        requiredPermission: 'PERMISSION_PASSHOLDER - ACTION_READ',
      }),
    );
    await expect(watch.searchPassholders('k', query)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(reported).toBe(0);
  });

  it('reports a refused login (401) and passes answers through', async () => {
    const port = new FakePort();
    let reported = 0;
    const watch = new UnauthorizedWatch(port, () => reported++);
    port.passholderSearches.push(new UitpasError('unauthorized', 'HTTP 401', { httpStatus: 401 }), { total: 0, items: [] });
    await expect(watch.searchPassholders('k', query)).rejects.toBeInstanceOf(UitpasError);
    expect(reported).toBe(1);
    expect(await watch.searchPassholders('k', query)).toEqual({ total: 0, items: [] });
    expect(port.argsOf('searchPassholders')).toEqual([
      ['k', query],
      ['k', query],
    ]);
  });
});
