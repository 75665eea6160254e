/**
 * The doctor's UiTPAS check, for the installation's API. XML: one signed `balie/list` with the
 * configured employee token. API 4: a UiTiD access token (client credentials, or the stored
 * employee login renewed with its refresh token, the renewal stored as the app would), then
 * `GET /permissions`. Either way, whether the configured counter (API 4: organizer) is among the
 * answer and may sell. Returns findings; printing is the caller's.
 */
import type { Counter } from '../../../contract/domain.js';
import type { RuntimeConfig } from '../../config/index.js';
import { OidcLoginService } from '../../auth/oidc/oidc-login-service.js';
import { MemorySecretStore, type SecretStore, type StoredOidcLogin } from '../../auth/secret-store.js';
import { createUitpas } from '../../uitpas/index.js';
import { startSimulator } from '../simulator/server.js';
import { startDemoV4 } from '../simulator-v4/demo.js';
import { UitpasError } from '../../uitpas/port.js';

export interface Finding {
  ok: boolean;
  label: string;
  detail: string;
}

const reasonFor = (e: UitpasError): string => {
  switch (e.kind) {
    case 'not-sent':
      return `UiTPAS is unreachable (${e.message}). Check the network and the UiTPAS URL.`;
    case 'unauthorized':
      return `UiTPAS refused the credentials (${e.message}). Check consumer key/secret and the employee token (LOKET_CONSUMER_KEY, LOKET_CONSUMER_SECRET, LOKET_TOKEN, LOKET_TOKEN_SECRET, LOKET_USER_ID) or log in again.`;
    case 'rejected':
      return `UiTPAS refused the request: ${e.message}. Check LOKET_USER_ID.`;
    case 'ambiguous':
      return `UiTPAS did not answer properly (${e.message}).`;
    case 'bad-response':
      return `The answer is not from UiTPAS or is broken (${e.message}). Is the UiTPAS URL right?`;
  }
};

export interface CheckOptions {
  /** Where the web host keeps its secrets: a renewed refresh token is stored back there (it rotates). */
  store?: SecretStore;
  /** The API 4 login that store holds, if any. */
  storedOidc?: StoredOidcLogin | undefined;
}

export async function checkUitpas(config: RuntimeConfig, options: CheckOptions = {}): Promise<Finding[]> {
  return config.settings.uitpas.api === 'v4' ? checkV4(config, options) : checkXml(config);
}

/** What the counters answer says of the configured one; shared by both APIs. */
function counterFindings(counters: Counter[], active: string | undefined, what: { counter: string; setting: string }): Finding[] {
  const findings: Finding[] = [
    {
      ok: counters.length > 0,
      label: `${what.counter}s for this login`,
      detail: counters.length
        ? counters.map((c) => `${c.name} (${c.consumerKey}${c.canSell ? '' : ', may not sell tickets'})`).join('; ')
        : `none: this login may act for no ${what.counter.toLowerCase()}`,
    },
  ];
  const found = counters.find((c) => c.consumerKey === active);
  if (!active) {
    findings.push({ ok: false, label: `Active ${what.counter.toLowerCase()}`, detail: `none configured (${what.setting})` });
  } else if (!found) {
    findings.push({
      ok: false,
      label: `Active ${what.counter.toLowerCase()}`,
      detail: `unknown ${what.counter.toLowerCase()} ${active}: not among this login's`,
    });
  } else {
    findings.push({
      ok: found.canSell,
      label: `Active ${what.counter.toLowerCase()}`,
      detail: found.canSell ? found.name : `${found.name} may not sell tickets`,
    });
  }
  return findings;
}

const tokenReason = (e: unknown, kind: 'user' | 'client'): string => {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof UitpasError && e.kind === 'not-sent')
    return `UiTiD is unreachable or answers wrongly (${message}). Check the network and the UiTiD address.`;
  if (kind === 'client')
    return `UiTiD refused the client credentials (${message}). Check the client id and secret (settings, LOKET_CLIENT_ID, LOKET_CLIENT_SECRET).`;
  return `no usable UiTiD login (${message}). Log in from the counter screen; the doctor reads the web host's secrets.json (the desktop app's secrets.enc needs Electron).`;
};

async function checkV4(config: RuntimeConfig, options: CheckOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  let login: OidcLoginService | undefined;
  const service = await createUitpas(config, {
    bearerToken: () => (login ? login.bearerToken() : Promise.reject(new UitpasError('unauthorized', 'no UiTiD login'))),
    startDemoV4: () => startDemoV4({ admin: false }),
  });
  if (service.api !== 'v4') throw new Error('uitpas.api is v4 but the XML client was built');
  try {
    const { apiBase, searchBase, issuer } = service.endpoints;
    findings.push({
      ok: true,
      label: 'UiTPAS environment',
      detail: `${service.demo ? 'DEMO: built-in API 4 simulator and UiTiD provider: ' : ''}API 4 ${apiBase}, search ${searchBase}, UiTiD ${issuer}`,
    });
    const u = config.settings.uitpas;
    const demo = service.demo;
    const clientId = demo ? demo.clientId : u.clientId;
    if (!clientId) {
      findings.push({ ok: false, label: 'UiTiD client', detail: 'no client id configured (settings uitpas.clientId or LOKET_CLIENT_ID)' });
      return findings;
    }
    login = new OidcLoginService({
      uitid: demo ? { issuer, clientId } : { issuer, clientId, clientSecret: config.secrets.clientSecret },
      listCounters: () => service.port.listCounters(),
      store: demo ? new MemorySecretStore() : (options.store ?? new MemorySecretStore()),
      initial: demo
        ? {
            userId: demo.employee.userId,
            counterKey: demo.employee.counterKey,
            stored: { issuer, clientId, refreshToken: demo.issueLogin() },
          }
        : { userId: u.userId, counterKey: u.counterKey, counterName: u.counterName, stored: options.storedOidc },
      // A renewed refresh token replaces the spent one in the store, as the app would.
      persist: !demo && options.store !== undefined,
      language: () => config.settings.language,
      saveSession: () => Promise.resolve(),
      emit: () => {},
      resumeQueue: () => {},
    });
    const kind = login.kind;
    findings.push({
      ok: true,
      label: 'UiTiD client',
      detail: `${clientId} (${kind === 'client' ? 'client credentials' : 'employee login with PKCE'})`,
    });
    const started = performance.now();
    try {
      await login.bearerToken();
    } catch (e) {
      findings.push({ ok: false, label: 'UiTiD token', detail: tokenReason(e, kind) });
      return findings;
    }
    findings.push({
      ok: true,
      label: 'UiTiD token',
      detail: `${kind === 'client' ? 'client access token received' : 'the stored login was renewed'} in ${(performance.now() - started).toFixed(0)} ms`,
    });
    const asked = performance.now();
    let counters: Counter[];
    try {
      counters = await service.port.listCounters();
    } catch (e) {
      if (!(e instanceof UitpasError)) throw e;
      findings.push({ ok: false, label: 'UiTPAS GET /permissions', detail: reasonFor(e) });
      return findings;
    }
    findings.push({
      ok: true,
      label: 'UiTPAS GET /permissions',
      detail: `access token accepted in ${(performance.now() - asked).toFixed(0)} ms`,
    });
    findings.push(
      ...counterFindings(counters, service.counterKey, {
        counter: 'Organizer',
        setting: 'settings uitpas.counterKey, chosen after the login',
      }),
    );
    return findings;
  } finally {
    await service.close();
  }
}

async function checkXml(config: RuntimeConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  const service = await createUitpas(config, { startDemo: () => startSimulator({ port: 0, admin: false }) });
  const where = service.api === 'xml' ? service.prefix : service.endpoints.apiBase;
  try {
    findings.push({
      ok: true,
      label: 'UiTPAS environment',
      detail: service.mode === 'demo' ? `DEMO: built-in simulator at ${where}` : where,
    });
    const started = performance.now();
    let counters;
    try {
      counters = await service.port.listCounters();
    } catch (e) {
      if (!(e instanceof UitpasError)) throw e;
      findings.push({ ok: false, label: 'UiTPAS balie/list', detail: reasonFor(e) });
      return findings;
    }
    const rtt = performance.now() - started;
    findings.push({ ok: true, label: 'UiTPAS balie/list', detail: `signed request accepted in ${rtt.toFixed(0)} ms` });
    findings.push(
      ...counterFindings(counters, service.counterKey, { counter: 'Counter', setting: 'settings uitpas.counterKey or LOKET_BALIE_KEY' }),
    );
    return findings;
  } finally {
    await service.close();
  }
}
