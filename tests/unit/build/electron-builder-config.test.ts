/**
 * What can be verified of packaging on a machine that cannot package (no Electron zips here):
 * the builder config is valid by electron-builder's own loader and schema, the entry files it
 * names exist after build:main, and every module main.cjs loads at runtime is packaged.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMain, MAIN_EXTERNALS, OPTIONAL_EXTERNALS, ROOT } from '../../../scripts/build-main.mjs';

const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  electronVersion?: string;
  directories?: { app?: string; buildResources?: string; output?: string };
  /** getConfig normalises `files` to file sets. */
  files?: Array<string | { filter?: string[] }>;
  asarUnpack?: string[];
  extraResources?: Array<{ from: string; to: string }>;
  electronFuses?: Record<string, boolean>;
  win?: { target?: Array<{ target: string }>; signtoolOptions?: { publisherName?: string[] } };
  linux?: { target?: Array<{ target: string }> };
  mac?: { target?: Array<{ target: string }> };
  deb?: { depends?: string[]; afterInstall?: string; afterRemove?: string };
}
type GetConfig = (projectDir: string, configPath: string | null, configFromOptions: null) => Promise<BuilderConfig>;
type Validate = (config: BuilderConfig, logger: unknown) => Promise<void>;

// electron-builder's own loader (handles `extends`) and JSON-schema validation.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: GetConfig;
  validateConfiguration: Validate;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function loadValid(file: string, dir = ROOT): Promise<BuilderConfig> {
  const config = await getConfig(dir, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const rootPkg = readJson(path.join(ROOT, 'package.json')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let config: BuilderConfig;
let appDir: string;
let appPkg: { name: string; productName: string; version: string; main: string; dependencies: Record<string, string> };
let built: Awaited<ReturnType<typeof buildMain>>;

beforeAll(async () => {
  config = await loadValid('electron-builder.yml');
  appDir = path.join(ROOT, config.directories?.app ?? '');
  appPkg = readJson(path.join(appDir, 'package.json')) as typeof appPkg;
  // The same build `npm run build:main` runs, into the folder electron-builder packages.
  built = await buildMain({ logLevel: 'error' });
}, 60_000);

/** Bare module names a bundle loads with require() at runtime. */
function runtimeRequires(metafile: Awaited<ReturnType<typeof buildMain>>['main']): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) names.add(imp.path);
  }
  return [...names].sort();
}
const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);
const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('electron-builder.yml', () => {
  it('is valid by electron-builder’s own schema', () => {
    expect(config.appId).toBe('be.loket.app');
    expect(config.productName).toBe('Loket');
    expect(config.directories).toEqual({ app: 'app', buildResources: 'build', output: 'dist' });
  });

  it('the schema check is live: a misspelt option is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loket-builder-'));
    try {
      writeFileSync(path.join(dir, 'bad.yml'), 'appId: be.loket.app\nasarUnpak: ["**/*.node"]\n');
      await expect(loadValid('bad.yml', dir)).rejects.toThrow(/asarUnpak/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds NSIS for Windows, AppImage and deb for Linux, dmg for macOS', () => {
    expect(config.win?.target?.map((t) => t.target)).toEqual(['nsis']);
    // electron-updater verifies a Windows update's code signature only when a publisher is named.
    expect(config.win?.signtoolOptions?.publisherName?.length).toBeGreaterThan(0);
    expect(config.linux?.target?.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target?.map((t) => t.target)).toEqual(['dmg']);
  });

  it('packages against the Electron version the project pins', () => {
    expect(config.electronVersion).toBe(rootPkg.devDependencies.electron);
  });

  it('sets the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('the e2e test build differs only by allowing inspect arguments, into its own folder', async () => {
    const e2e = await loadValid('electron-builder.e2e.yml');
    expect(e2e.electronFuses).toEqual({ ...config.electronFuses, enableNodeCliInspectArguments: true });
    expect(e2e.directories?.output).not.toBe(config.directories?.output);
    expect(e2e.appId).toBe(config.appId);
  });

  it('names build resources that exist', () => {
    const resources = path.join(ROOT, config.directories?.buildResources ?? '');
    const icon = readFileSync(path.join(resources, 'icon.png'));
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    for (const script of [config.deb?.afterInstall, config.deb?.afterRemove]) {
      expect(script).toBeDefined();
      expect(existsSync(path.join(ROOT, script!)), script).toBe(true);
    }
    for (const extra of config.extraResources ?? []) expect(existsSync(path.join(ROOT, extra.from)), extra.from).toBe(true);
  });

  it('ships the udev rule in the deb and depends on libusb for node-hid', () => {
    expect(config.extraResources).toContainEqual({ from: 'build/linux/70-loket-scanners.rules', to: 'udev/70-loket-scanners.rules' });
    expect(readFileSync(path.join(ROOT, config.deb!.afterInstall!), 'utf8')).toContain('resources/udev/70-loket-scanners.rules');
    expect(config.deb?.depends).toContain('libusb-1.0-0');
  });
});

describe('the udev rule', () => {
  const rules = readFileSync(path.join(ROOT, 'build/linux/70-loket-scanners.rules'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

  it('grants hidraw access for Honeywell, Zebra, Datalogic and usage page 0x8C scanners only', () => {
    for (const vendor of ['0c2e', '05e0', '05f9'])
      expect(
        rules.some((r) => r.includes(`ATTRS{idVendor}=="${vendor}"`)),
        vendor,
      ).toBe(true);
    expect(rules.some((r) => r.includes('report_descriptor') && r.includes('RESULT=="058c*|068c00*"'))).toBe(true);
    for (const rule of rules) {
      expect(rule).toMatch(/^SUBSYSTEM=="hidraw", KERNEL=="hidraw\*", /);
      expect(rule).toMatch(/MODE="0660"/);
      expect(rule).toContain('TAG+="uaccess"');
    }
    expect(rules).toHaveLength(4);
  });
});

describe('the application directory', () => {
  it('app/package.json matches the root: name, product name, version', () => {
    expect(appPkg.name).toBe('loket');
    expect(appPkg.productName).toBe('Loket');
    expect(appPkg.version).toBe(rootPkg.version);
  });

  it('the entry files exist after build:main and are packaged', () => {
    expect(appPkg.main).toBe('dist/main.cjs');
    expect(existsSync(path.join(appDir, appPkg.main))).toBe(true);
    expect(existsSync(path.join(appDir, 'dist', 'preload.cjs'))).toBe(true);
    const patterns = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(patterns).toContain('dist/**');
    expect(patterns).toContain('package.json');
  });

  it('every module main.cjs requires at runtime is an app dependency at the root’s exact version', () => {
    const needed = runtimeRequires(built.main)
      // Relative: a file of our own beside main.cjs (the demo simulator, simulator.cjs).
      .filter((name) => !isBuiltin(name) && name !== 'electron' && !name.startsWith('./'))
      .map(packageName)
      .filter((name) => !OPTIONAL_EXTERNALS.includes(name));
    for (const name of needed) {
      expect(appPkg.dependencies[name], `${name} is loaded by main.cjs but not in app/package.json`).toBeDefined();
      expect(appPkg.dependencies[name], name).toBe(rootPkg.dependencies[name]);
    }
    // And the other way round: app/package.json lists only what main keeps external.
    for (const name of Object.keys(appPkg.dependencies)) expect(MAIN_EXTERNALS).toContain(name);
    for (const name of MAIN_EXTERNALS.filter((n) => n !== 'electron'))
      expect(appPkg.dependencies[name], name).toBe(rootPkg.dependencies[name]);
  });

  it('native modules are unpacked from the asar', () => {
    for (const name of Object.keys(appPkg.dependencies)) expect(config.asarUnpack).toContain(`node_modules/${name}/**`);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('the sandboxed preload requires nothing but electron', () => {
    expect(runtimeRequires(built.preload)).toEqual(['electron']);
  });
});
