import type http from 'node:http';
import type { OffsetClock } from './clock.js';
import type { FaultPlan, FaultSpec } from './faults.js';
import type { FaultStrikes } from './fault-strikes.js';
import type { SendReply } from './reply.js';

/** What the admin API steers; the seed, the sales, reset and revocation are each simulator's own. */
export interface AdminTarget<C extends string> {
  seedInfo(): unknown;
  sales(): unknown;
  plan: FaultPlan<C>;
  strikes: FaultStrikes;
  clock: OffsetClock;
  reset(): void;
  revokeTokens(): number;
}

const A_DAY_MS = 86_400_000;

/**
 * The admin API under `/__admin/` (JSON, unsigned), the same for every simulator: seed, sales,
 * faults, held answers, reset, revoke and clock. `jsonType` is the content type its answers carry.
 */
export function adminApi<C extends string>(
  target: AdminTarget<C>,
  send: SendReply,
  jsonType: string,
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) => void {
  return (req, res, url, body) => {
    const json = (status: number, value: unknown) => send(res, { status, contentType: jsonType, body: JSON.stringify(value) });
    const route = `${req.method} ${url.pathname}`;
    const { plan, strikes, clock } = target;
    try {
      switch (route) {
        case 'GET /__admin/seed':
          return json(200, target.seedInfo());
        case 'GET /__admin/sales':
          return json(200, target.sales());
        case 'GET /__admin/faults':
          return json(200, plan.list());
        case 'DELETE /__admin/faults':
          plan.clear();
          return json(200, []);
        case 'GET /__admin/held':
          return json(200, strikes.holding());
        case 'POST /__admin/release':
          return json(200, { released: strikes.release() });
        case 'POST /__admin/reset':
          target.reset();
          return json(200, { reset: true });
        case 'POST /__admin/revoke':
          return json(200, { revoked: target.revokeTokens() });
        case 'POST /__admin/clock': {
          const input = JSON.parse(body || 'null') as { offsetMs?: unknown } | null;
          const offset = input?.offsetMs;
          if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > A_DAY_MS) {
            return json(400, { error: 'offsetMs must be an integer number of ms, at most a day either way' });
          }
          clock.offsetMs = offset;
          return json(200, { offsetMs: clock.offsetMs });
        }
        case 'POST /__admin/faults':
          plan.addJson(JSON.parse(body || 'null'));
          return json(200, plan.list());
        default:
          return json(404, { error: `no admin route ${route}` });
      }
    } catch (e) {
      return json(400, { error: (e as Error).message });
    }
  };
}

/** The fault controls a simulator's handle offers to code (tests, the demo). */
export function faultControls<C extends string>(plan: FaultPlan<C>, strikes: FaultStrikes) {
  return {
    add: (spec: FaultSpec<C>) => plan.add(spec),
    list: () => plan.list(),
    clear: () => plan.clear(),
    release: () => strikes.release(),
    held: () => strikes.holding().held,
  };
}
