/**
 * Proves that the security tests bite: each hardening item is undone in a copy of the repository
 * (the committed HEAD, node_modules linked) and the test that guards it must then fail.
 *
 *   npx tsx tests/security/mutation-check.ts            # all mutations (a few minutes)
 *   npx tsx tests/security/mutation-check.ts sender csp # only those whose id contains a word
 *
 * Never edits the working tree. Exits 1 when a mutation survives (its test still passes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A mutation is anchored on a marker comment in the source, `mutation-check: <id>` at the end of
 * the line it undoes, so reformatting or editing the code around it never detaches it silently: a
 * marker that is missing, doubled, or whose line no longer holds `from` fails the anchor test that
 * `npm test` runs (tests/security/mutation-anchors.test.ts).
 */
export interface Mutation {
  id: string;
  file: string;
  /** Text inside the marked line to replace, and its replacement. */
  from?: string | undefined;
  to?: string | undefined;
  /** Undo by deleting the marked line. */
  deleteLine?: boolean;
  /** The test that must fail once the line is undone. */
  test: string;
}

export const MUTATIONS: Mutation[] = [
  {
    id: 'context-isolation',
    file: 'main/electron/window.ts',
    from: 'contextIsolation: true',
    to: 'contextIsolation: false',
    test: 'tests/electron/window.test.ts',
  },
  {
    id: 'sandbox-static-scan',
    file: 'main/electron/window.ts',
    from: 'sandbox: true',
    to: 'sandbox: false',
    test: 'tests/security/electronegativity.test.ts',
  },
  {
    id: 'navigation',
    file: 'main/electron/window.ts',
    from: 'if (!isAppUrl(event.url)) event.preventDefault();',
    to: 'void event;',
    test: 'tests/electron/window.test.ts',
  },
  { id: 'window-open', file: 'main/electron/window.ts', deleteLine: true, test: 'tests/electron/window.test.ts' },
  { id: 'permissions', file: 'main/electron/window.ts', deleteLine: true, test: 'tests/electron/window.test.ts' },
  {
    id: 'remote-requests',
    file: 'main/electron/window.ts',
    from: 'callback({ cancel: !isAllowedRequestUrl(details.url) });',
    to: 'callback({ cancel: false });',
    test: 'tests/electron/window.test.ts',
  },
  { id: 'webview-floor', file: 'main/electron/window.ts', deleteLine: true, test: 'tests/security/electron-hardening.test.ts' },
  { id: 'app-sandbox', file: 'main/electron/lifecycle.ts', deleteLine: true, test: 'tests/security/electron-hardening.test.ts' },
  {
    id: 'ipc-sender',
    file: 'main/electron/ipc.ts',
    from: 'if (!isTrustedSender(event, trusted())) {',
    to: 'if (!trusted()) {',
    test: 'tests/electron/ipc.test.ts',
  },
  { id: 'csp-app-protocol', file: 'main/electron/protocol.ts', deleteLine: true, test: 'tests/electron/protocol.test.ts' },
  {
    id: 'csp-web-host',
    file: 'main/runtime/renderer-files.ts',
    from: '"script-src \'self\'",',
    to: "\"script-src 'self' 'unsafe-inline'\",",
    test: 'tests/security/web-host-access.test.ts',
  },
  {
    id: 'preload-names',
    file: 'scripts/build-main.mjs',
    from: 'Object.keys(contract.calls)',
    to: 'Object.keys(contract.calls).slice(1)',
    test: 'tests/electron/contract-names.test.ts',
  },
  {
    id: 'fuse-asar',
    file: 'electron-builder.yml',
    from: 'onlyLoadAppFromAsar: true',
    to: 'onlyLoadAppFromAsar: false',
    test: 'tests/unit/build/electron-builder-config.test.ts',
  },
  {
    id: 'fuse-run-as-node',
    file: 'electron-builder.yml',
    from: 'runAsNode: false',
    to: 'runAsNode: true',
    test: 'tests/unit/build/electron-builder-config.test.ts',
  },
  {
    id: 'web-loopback',
    file: 'main/web/server.ts',
    from: 'server.listen(opts.port ?? 0, LOOPBACK,',
    to: "server.listen(opts.port ?? 0, '0.0.0.0',",
    test: 'tests/security/web-host-access.test.ts',
  },
  { id: 'web-host-header', file: 'main/web/access.ts', deleteLine: true, test: 'tests/security/web-host-access.test.ts' },
  { id: 'web-origin', file: 'main/web/access.ts', deleteLine: true, test: 'tests/integration/host/web-host.test.ts' },
  { id: 'web-token', file: 'main/web/access.ts', deleteLine: true, test: 'tests/integration/host/web-host.test.ts' },
  {
    id: 'bounded-errors',
    file: 'main/runtime/dispatcher.ts',
    from: 'return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;',
    to: 'return max > 0 ? text : text;',
    test: 'tests/security/ipc-fuzz.test.ts',
  },
  {
    id: 'log-card-mask',
    file: 'main/core/log.ts',
    from: '.replace(PERSON_NUMBER,',
    to: '.replace(/(?!)/g,',
    test: 'tests/unit/app/log.test.ts',
  },
  { id: 'log-oauth', file: 'main/core/log.ts', from: '.replace(OAUTH_VALUE,', to: '.replace(/(?!)/g,', test: 'tests/unit/app/log.test.ts' },
  { id: 'update-demo', file: 'main/updates/update-policy.ts', deleteLine: true, test: 'tests/unit/app/update-policy.test.ts' },
  { id: 'update-queue', file: 'main/updates/update-policy.ts', deleteLine: true, test: 'tests/electron/updater.test.ts' },
  { id: 'update-own-install', file: 'main/electron/updater.ts', deleteLine: true, test: 'tests/electron/updater.test.ts' },
  // Issue 12: the renderer is untrusted (valid-looking input aimed at files, hosts, other data).
  {
    id: 'printer-device-name',
    file: 'main/hardware/printer/device-policy.ts',
    from: 'if (UNIX_DEVICE.test(file) || WINDOWS_DEVICE.test(file)) return undefined;',
    to: 'return undefined;',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'printer-fstat',
    file: 'main/hardware/printer/device-policy.ts',
    from: '!stat.isCharacterDevice() && !(inTestDir && stat.isFile())',
    to: 'stat.isDirectory()',
    test: 'tests/unit/printer/device-policy.test.ts',
  },
  {
    id: 'printer-nofollow',
    file: 'main/hardware/printer/device-policy.ts',
    from: '(constants.O_NOFOLLOW ?? 0)',
    to: '0',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'printer-host-settings',
    file: 'main/hardware/index.ts',
    from: "target.kind === 'tcp' && tcpPrinterHostProblem(target.host)",
    to: "target.kind === 'tcp' && target.host === ''",
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'hid-path-enumerated',
    file: 'main/hardware/index.ts',
    from: 'if (!known.some((d) => d.path === hidPath))',
    to: 'if (known.length < 0)',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'uitpas-https-form',
    file: 'contract/settings-form.ts',
    from: 'else if (!isUitpasUrl(value)) problems.push',
    to: "else if (value === '') problems.push",
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'uitpas-https-client',
    file: 'main/uitpas/client.ts',
    from: 'if (!isUitpasUrl(this.prefix)) {',
    to: 'if (this.prefix === "") {',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'login-window-origin',
    file: 'main/electron/login-window.ts',
    from: 'if (!isUitidLoginOrigin(authorizeUrl)) {',
    to: 'if (authorizeUrl === "") {',
    test: 'tests/electron/login-window.test.ts',
  },
  {
    id: 'login-service-origin',
    file: 'main/auth/login-service.ts',
    from: "if (!isUitidLoginOrigin(this.opts.client.authorizeUrl('check', this.opts.language()))) {",
    to: 'if (this.opts.client === undefined) {',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'export-dialog-only',
    file: 'main/reports/report-service.ts',
    from: 'if (folder !== undefined && !this.opts.typedFolders) {',
    to: 'if (folder !== undefined && this.opts.typedFolders === null) {',
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'dot-segment-cdbid',
    file: 'contract/schemas/sales.ts',
    from: ".refine((s) => s.trim() !== '.' && s.trim() !== '..', 'not an activity id')",
    to: ".refine((s) => s.length > 0, 'not an activity id')",
    test: 'tests/security/valid-but-dangerous.test.ts',
  },
  {
    id: 'web-busy',
    file: 'main/web/server.ts',
    from: 'if (inFlight >= maxInFlight) {',
    to: 'if (inFlight < 0) {',
    test: 'tests/integration/host/web-host-limits.test.ts',
  },
  {
    id: 'web-refused-log-rate',
    file: 'main/web/server.ts',
    from: 'if (written < perWindow) {',
    to: 'if (written >= 0) {',
    test: 'tests/integration/host/web-host-limits.test.ts',
  },
  {
    id: 'callback-get-only',
    file: 'main/web/server.ts',
    from: "req.method !== 'GET'",
    to: "req.method === 'POST'",
    test: 'tests/integration/host/web-host-limits.test.ts',
  },
  {
    id: 'token-off-url',
    file: 'renderer/src/lib/bridge/index.ts',
    from: 'win.history.replaceState(',
    to: 'void (',
    test: 'tests/renderer/page-token.test.ts',
  },
  {
    id: 'log-formatted-numbers',
    file: 'main/core/log.ts',
    from: '.replace(PERSON_NUMBER_FORMATTED,',
    to: '.replace(/(?!)/g,',
    test: 'tests/unit/app/log.test.ts',
  },
  { id: 'log-chip-id', file: 'main/core/log.ts', from: '.replace(CHIP_ID,', to: '.replace(/(?!)/g,', test: 'tests/unit/app/log.test.ts' },
  {
    id: 'log-oauth-encoded',
    file: 'main/core/log.ts',
    from: '.replace(OAUTH_ENCODED,',
    to: '.replace(/(?!)/g,',
    test: 'tests/unit/app/log.test.ts',
  },
  {
    id: 'server-body-redacted',
    file: 'main/uitpas/client.ts',
    from: 'return redactLogLine(body).slice(0, 200);',
    to: 'return body.slice(0, 200);',
    test: 'tests/integration/uitpas/doctor.test.ts',
  },
  {
    id: 'dispatcher-redacts',
    file: 'main/runtime/dispatcher.ts',
    from: 'message: redactSecrets(err.message)',
    to: 'message: err.message',
    test: 'tests/unit/app/dispatcher.test.ts',
  },
  { id: 'secure-delete', file: 'main/sales/store/open-database.ts', deleteLine: true, test: 'tests/security/personal-data.test.ts' },
  { id: 'purge-wal-checkpoint', file: 'main/sales/store/sale-store.ts', deleteLine: true, test: 'tests/security/personal-data.test.ts' },
  {
    id: 'raw-reply-stripped',
    file: 'main/sales/store/sale-store.ts',
    from: 'stripPersonalXml(raw.rawResponse)',
    to: 'raw.rawResponse',
    test: 'tests/security/personal-data.test.ts',
  },
  {
    id: 'purge-rejected',
    file: 'main/sales/store/sale-store.ts',
    from: "'resolved', 'rejected'))",
    to: "'resolved'))",
    test: 'tests/security/personal-data.test.ts',
  },
  { id: 'outbox-file-modes', file: 'main/sales/store/open-database.ts', deleteLine: true, test: 'tests/security/personal-data.test.ts' },
  {
    id: 'data-dir-mode',
    file: 'main/config/index.ts',
    from: 'await fs.chmod(dataDir, 0o700)',
    to: 'await Promise.resolve()',
    test: 'tests/security/personal-data.test.ts',
  },
  {
    id: 'xml-null-prototype',
    file: 'main/uitpas/xml.ts',
    from: 'return Object.create(null) as XmlNode;',
    to: 'return {} as XmlNode;',
    test: 'tests/unit/uitpas/xml-nodes.test.ts',
  },
  {
    id: 'declared-charset',
    file: 'main/uitpas/http.ts',
    from: 'body = decodeBody(Buffer.concat(chunks), contentType);',
    to: "body = Buffer.concat(chunks).toString('utf8');",
    test: 'tests/integration/uitpas/charset.test.ts',
  },
  {
    id: 'update-signature',
    file: 'main/electron/updater.ts',
    from: 'if (result.ok) {',
    to: 'if (result.ok || !result.ok) {',
    test: 'tests/electron/updater.test.ts',
  },
  {
    id: 'update-bytes-hash',
    file: 'main/updates/update-signature.ts',
    from: 'if (!signed.sha512.includes(actual)) return',
    to: 'if (actual === "") return',
    test: 'tests/electron/updater.test.ts',
  },
];

const STANDALONE_MARKER = /^\s*(\/\/|--|#)\s*mutation-check: [a-z0-9-]+\s*$/;
const markerOf = (id: string) => new RegExp(`mutation-check: ${id.replace(/[-]/g, '\\-')}(?![\\w-])`);

/** The source with the mutation applied, or why it cannot be applied. */
export function applyMutation(source: string, m: Mutation): { ok: true; mutated: string } | { ok: false; problem: string } {
  const lines = source.split('\n');
  const marked = lines.flatMap((line, i) => (markerOf(m.id).test(line) ? [i] : []));
  if (marked.length !== 1) return { ok: false, problem: `${m.id}: ${marked.length} markers in ${m.file}, expected 1` };
  // A marker on a line of its own marks the line below it; otherwise its own line.
  const i = STANDALONE_MARKER.test(lines[marked[0]!]!) ? marked[0]! + 1 : marked[0]!;
  if (m.deleteLine) {
    lines.splice(i, 1);
  } else {
    const line = lines[i]!;
    if (m.from === undefined || m.to === undefined || !line.includes(m.from))
      return { ok: false, problem: `${m.id}: the marked line of ${m.file} no longer holds ${JSON.stringify(m.from)}` };
    lines[i] = line.replace(m.from, m.to);
  }
  return { ok: true, mutated: lines.join('\n') };
}

/** One copy of the committed tree per worker: a mutation is written into its worker's copy only. */
function committedCopy(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'loket-mutants-'));
  // The committed tree: reproducible, and free of other people's work in progress.
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', copy], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Undoes one item in `copy`, runs its test (stopping at the first failure), restores the file. */
async function check(copy: string, m: Mutation): Promise<string | undefined> {
  const file = path.join(copy, m.file);
  const original = readFileSync(file, 'utf8');
  const applied = applyMutation(original, m);
  if (!applied.ok) return applied.problem;
  writeFileSync(file, applied.mutated);
  try {
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(copy, 'node_modules/vitest/vitest.mjs'), 'run', '--bail=1', m.test], {
        cwd: copy,
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    const caught = status !== 0;
    console.log(`${caught ? 'caught  ' : 'SURVIVED'} ${m.id.padEnd(20)} ${m.file} -> ${m.test}`);
    return caught ? undefined : `${m.id}: ${m.test} still passes with ${m.file} undone`;
  } finally {
    writeFileSync(file, original);
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = MUTATIONS.filter((m) => only.length === 0 || only.some((w) => m.id.includes(w)));
  // The tests wait on sockets and child processes more than on the CPU: two per core keep it busy.
  const workers = Math.max(1, Math.min(Number(process.env.MUTATION_CHECK_WORKERS ?? 2 * availableParallelism()), 4, selected.length));
  const copies = Array.from({ length: workers }, committedCopy);
  const survivors: string[] = [];
  try {
    const queue = [...selected];
    await Promise.all(
      copies.map(async (copy) => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          const problem = await check(copy, m);
          if (problem) survivors.push(problem);
        }
      }),
    );
  } finally {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  }
  if (survivors.length > 0) {
    console.error(`\n${survivors.length} mutation(s) not caught:\n  ${survivors.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`\nall ${selected.length} mutations caught (${workers} at a time)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
