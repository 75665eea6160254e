/**
 * `npm run doctor`: a support command. Reads the configuration (with LOKET_* overrides), checks
 * UiTPAS with the configured credentials (XML API or API 4, as configured), whether the receipt printer answers (nothing is printed)
 * and which HID devices node-hid sees, prints what it found and exits 0 only when all is well.
 */
import { redactLogLine } from '../../core/log.js';
import { loadConfig, ConfigError } from '../../config/index.js';
import { FileSecretStore, loadSecrets } from '../../auth/index.js';
import { checkHidDevices, checkPrinterFinding } from './hardware-check.js';
import { checkUitpas, type Finding } from './uitpas-check.js';

/** Doctor output is pasted into support tickets: the same redaction as every log line. */
function print(f: Finding): void {
  process.stdout.write(`${redactLogLine(`${f.ok ? 'OK  ' : 'FOUT'}  ${f.label}: ${f.detail}`)}\n`);
}

async function main(): Promise<number> {
  let config;
  try {
    config = await loadConfig({ env: process.env });
  } catch (e) {
    if (e instanceof ConfigError) {
      print({ ok: false, label: 'Configuration', detail: e.message });
      return 2;
    }
    throw e;
  }
  // The web host's stored login (secrets.json) counts too; the desktop app's secrets.enc needs Electron.
  const secretProblems: string[] = [];
  const store = new FileSecretStore(config.dataDir);
  const stored = await loadSecrets(config, store, (m) => secretProblems.push(m));
  const findings: Finding[] = [
    { ok: true, label: 'Mode', detail: config.mode === 'demo' ? 'demo (no UiTPAS credentials configured, or LOKET_DEMO=1)' : 'live' },
    { ok: true, label: 'UiTPAS API', detail: config.settings.uitpas.api === 'v4' ? 'API 4 (JSON, UiTiD OpenID Connect)' : 'XML API 3.0' },
    { ok: true, label: 'Data folder', detail: config.dataDir },
  ];
  if (config.overrides.length) findings.push({ ok: true, label: 'Environment overrides', detail: config.overrides.join(', ') });
  if (config.settingsError) findings.push({ ok: false, label: 'Settings file', detail: config.settingsError });
  for (const w of config.warnings) findings.push({ ok: true, label: 'Warning', detail: w });
  for (const p of secretProblems) findings.push({ ok: false, label: 'Secrets file', detail: p });
  findings.forEach(print);
  const uitpas = await checkUitpas(config, { store, storedOidc: stored.oidc });
  uitpas.forEach(print);
  // A configured printer that does not answer fails the check; the HID list only informs.
  const hardware = [
    await checkPrinterFinding(config.settings.printer.url, undefined, { testDir: config.printerTestDir }),
    ...(await checkHidDevices({ chosenPath: config.settings.scanner.hidPath, enabled: config.settings.scanner.hidEnabled })),
  ];
  hardware.forEach(print);
  const failed = [...findings, ...uitpas, ...hardware].filter((f) => !f.ok);
  process.stdout.write(
    failed.length ? `\nNiet in orde / not OK: ${failed.map((f) => f.label).join(', ')}\n` : '\nAlles in orde / all OK\n',
  );
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${redactLogLine(`doctor: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)}\n`);
    process.exit(3);
  },
);
