/**
 * The doctor's UiTPAS check: one signed `balie/list` with the configured employee token, then
 * whether the configured counter is among the answer. Returns findings; printing is the caller's.
 */
import type { RuntimeConfig } from '../../config/index.js';
import { createUitpas } from '../../uitpas/index.js';
import { startSimulator } from '../simulator/server.js';
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

export async function checkUitpas(config: RuntimeConfig): Promise<Finding[]> {
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
    findings.push({
      ok: counters.length > 0,
      label: 'Counters for this employee',
      detail: counters.length
        ? counters.map((c) => `${c.name} (${c.consumerKey}${c.canSell ? '' : ', may not sell tickets'})`).join('; ')
        : 'none: this UiTiD is no member of any counter',
    });
    const active = service.counterKey;
    const found = counters.find((c) => c.consumerKey === active);
    if (!active) {
      findings.push({ ok: false, label: 'Active counter', detail: 'none configured (settings uitpas.counterKey or LOKET_BALIE_KEY)' });
    } else if (!found) {
      findings.push({ ok: false, label: 'Active counter', detail: `unknown counter ${active}: not among this employee's counters` });
    } else {
      findings.push({
        ok: found.canSell,
        label: 'Active counter',
        detail: found.canSell ? found.name : `${found.name} is not a ticket counter (may not sell)`,
      });
    }
    return findings;
  } finally {
    await service.close();
  }
}
