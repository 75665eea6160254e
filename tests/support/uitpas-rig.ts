/**
 * What the UiTPAS client tests share across both APIs (tests/integration/uitpas for XML,
 * tests/integration/uitpas-v4 for API 4): a fresh client-and-simulator rig per test, the cards the
 * seed does not hold, catching the client's UitpasError, and an API 4 installation's settings.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { UitpasError } from '../../main/uitpas/port.js';

/** Luhn-valid, but no seed of either simulator holds it. */
export const UNKNOWN_CARD = '0940000099918';
/** Fails the card number's Luhn check. */
export const BAD_LUHN = '0940000000115';

/**
 * Starts a rig before every test of the file and closes it after, so no test sees another's
 * sales, faults or tokens; `use` receives each new one.
 */
export function rigPerTest<R extends { close(): Promise<void> }>(start: () => Promise<R>, use: (rig: R) => void): void {
  let current: R | undefined;
  beforeEach(async () => {
    current = await start();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

/** Runs `fn`, expects a UitpasError and returns it. */
export async function failure(fn: () => Promise<unknown>): Promise<UitpasError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UitpasError) return e;
    throw e;
  }
  throw new Error('expected a UitpasError, the call succeeded');
}

/** The addresses of an API 4 simulator with its UiTiD provider (startDemoV4's endpoints). */
interface V4Endpoints {
  apiBase: string;
  searchBase: string;
  issuer: string;
}

/** Writes settings.json for a live API 4 installation pointed at the simulator and provider. */
export function writeV4Settings(dataDir: string, endpoints: V4Endpoints, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      schemaVersion: 2,
      uitpas: {
        api: 'v4',
        environment: 'custom',
        customApiUrl: endpoints.apiBase,
        customSearchUrl: endpoints.searchBase,
        customIssuerUrl: endpoints.issuer,
        ...extra,
      },
    }),
  );
}
