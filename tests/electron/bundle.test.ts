/**
 * Smoke test of the BUILT artifacts (app/dist/main.cjs and preload.cjs as build:main makes them):
 * a real Node child process runs main.cjs with `electron` resolved to the test double (bundled
 * to CJS with a small driver), the real runtime, and the built preload. Catches what unit tests
 * on the sources cannot: bundling, __dirname paths, externals, the CJS shims.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { calls } from '../../contract/index.js';
import { buildMain, ROOT } from '../../scripts/build-main.mjs';
import { envWithoutLoket } from '../support/child-process.js';

let base: string;
let report: Record<string, unknown>;

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'loket-bundle-'));
  const distDir = path.join(base, 'dist');
  await buildMain({ outDir: distDir, logLevel: 'error' });
  mkdirSync(path.join(distDir, 'renderer'));
  writeFileSync(path.join(distDir, 'renderer', 'index.html'), '<!doctype html><title>Loket</title>');
  await build({
    entryPoints: [path.join(ROOT, 'tests/electron/fixtures/electron-stub-entry.ts')],
    outfile: path.join(base, 'stub_modules', 'electron', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const dataDir = path.join(base, 'data');
  const run = spawnSync(process.execPath, [path.join(distDir, 'main.cjs')], {
    cwd: base,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...envWithoutLoket(),
      // `electron` from the stub; better-sqlite3/node-hid from the root, as app/node_modules would.
      NODE_PATH: [path.join(base, 'stub_modules'), path.join(ROOT, 'node_modules')].join(path.delimiter),
      LOKET_SMOKE_PRELOAD: path.join(distDir, 'preload.cjs'),
      LOKET_DATA_DIR: dataDir,
      LOKET_DEMO: '1',
    },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('LOKET_SMOKE '));
  if (!line) throw new Error(`main.cjs did not report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(line.slice('LOKET_SMOKE '.length)) as Record<string, unknown>;
}, 90_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the built main.cjs and preload.cjs', () => {
  it('start the real runtime and answer app.info through the built preload', () => {
    expect(report.info).toMatchObject({ ok: true, value: { name: 'Loket', version: pkg.version, transport: 'electron', mode: 'demo' } });
    expect(report.transport).toBe('electron');
  });

  it('refuse a name outside the contract in the preload', () => {
    expect(report.unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('register one channel per contract call', () => {
    expect(report.channels).toEqual(
      Object.keys(calls)
        .map((n) => `loket:call:${n}`)
        .sort(),
    );
  });

  it('find the preload and renderer next to main.cjs and serve with the CSP', () => {
    expect(report.preload).toBe(path.join(base, 'dist', 'preload.cjs'));
    expect(report.sandbox).toBe(true);
    expect(report.pageStatus).toBe(200);
    expect(report.csp).toMatch(/^default-src 'none'/);
    expect(report.escapeStatus).toBe(403);
  });

  it('use LOKET_DATA_DIR as userData and forward events to the window', () => {
    expect(report.userData).toBe(path.join(base, 'data'));
    expect(report.events).toContain('connectivity');
  });
});
