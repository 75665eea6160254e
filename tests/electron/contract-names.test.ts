import path from 'node:path';
import { build } from 'esbuild';
import { contractNames, contractNamesOnly } from '../../scripts/build-main.mjs';
import { describe, expect, it } from 'vitest';
import { calls, events, RpcErrorCode } from '../../contract/index.js';
import { BRIDGE_ERROR, CALL_NAMES, EVENT_NAMES, isKnownCall, isKnownEvent } from '../../main/electron/contract-names.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the preload’s copy of the contract names', () => {
  it('lists exactly the contract’s calls', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(calls).sort());
  });

  it('lists exactly the contract’s events', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('uses the contract’s error codes', () => {
    for (const [key, code] of Object.entries(BRIDGE_ERROR)) expect(RpcErrorCode[key as keyof typeof RpcErrorCode]).toBe(code);
  });

  it('knows names only as own entries (no prototype members)', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(isKnownCall(name)).toBe(false);
      expect(isKnownEvent(name)).toBe(false);
    }
    expect(isKnownCall('app.info')).toBe(true);
    expect(isKnownEvent('scan')).toBe(true);
    expect(isKnownCall(42)).toBe(false);
  });
});

describe('the preload bundle', () => {
  it('contains no zod and no contract schemas, only the bridge', async () => {
    const result = await build({
      entryPoints: [path.join(ROOT, 'main/electron/preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [contractNamesOnly(await contractNames())],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.includes('node_modules'))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('contract/'))).toEqual([]);
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(20_000);
  });

  it('knows exactly the contract’s names, computed at build time', async () => {
    const names = await contractNames();
    expect([...names.calls].sort()).toEqual(Object.keys(calls).sort());
    expect([...names.events].sort()).toEqual(Object.keys(events).sort());
    expect(names.errorCodes).toEqual({ ...RpcErrorCode });
    // The bundle carries them as literals: every call name appears in it.
    const result = await build({
      entryPoints: [path.join(ROOT, 'main/electron/contract-names.ts')],
      bundle: true,
      format: 'cjs',
      write: false,
      logLevel: 'silent',
      plugins: [contractNamesOnly(names)],
    });
    const text = result.outputFiles[0]!.text;
    for (const name of Object.keys(calls)) expect(text).toContain(`"${name}"`);
  });
});
