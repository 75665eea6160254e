/**
 * Packaging facts beyond tests/unit/build/electron-builder-config.test.ts: the update feed, the
 * test build for Playwright, every runtime dependency accounted for, and the Linux scanner rule
 * installed by the deb.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN_EXTERNALS, ROOT } from '../../../scripts/build-main.mjs';

const require = createRequire(import.meta.url);

interface Target {
  target: string;
}
interface BuilderConfig {
  appId?: string;
  publish?: Array<{ provider: string; url?: string }> | null;
  electronFuses?: Record<string, boolean>;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  extraResources?: Array<{ from: string; to: string }>;
  win?: { target?: Array<string | Target> | string };
  linux?: { target?: Array<string | Target> | string; maintainer?: string; category?: string };
  mac?: { target?: Array<string | Target> | string };
  deb?: { afterInstall?: string; afterRemove?: string; depends?: string[] };
  directories?: { output?: string };
}
type GetConfig = (projectDir: string, configPath: string | null, configFromOptions: null) => Promise<BuilderConfig>;
const { getConfig } = require('app-builder-lib/out/util/config/config.js') as { getConfig: GetConfig };

const rootPkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const appPkg = JSON.parse(readFileSync(path.join(ROOT, 'app', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

let config: BuilderConfig;
let e2e: BuilderConfig;
beforeAll(async () => {
  config = await getConfig(ROOT, 'electron-builder.yml', null);
  e2e = await getConfig(ROOT, 'electron-builder.e2e.yml', null);
});

const targets = (t: BuilderConfig['win']) => {
  const list = t?.target;
  return (Array.isArray(list) ? list : [list]).map((x) => (typeof x === 'string' ? x : x?.target));
};

describe('update feed', () => {
  it('publishes a generic https feed for electron-updater', () => {
    expect(config.publish).toEqual([
      expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) as unknown }),
    ]);
  });

  it('npm run dist never uploads anything by itself', () => {
    expect(rootPkg.scripts.dist).toContain('--publish never');
  });
});

describe('fuses', () => {
  it('every fuse electron-builder 26 knows is set explicitly, the file-protocol and V8-snapshot ones off', () => {
    // resetAdHocDarwinSignature sits in the same block but is a signing step, not a fuse.
    expect(
      Object.keys(config.electronFuses ?? {})
        .filter((k) => k !== 'resetAdHocDarwinSignature')
        .sort(),
    ).toEqual([
      'enableCookieEncryption',
      'enableEmbeddedAsarIntegrityValidation',
      'enableNodeCliInspectArguments',
      'enableNodeOptionsEnvironmentVariable',
      'grantFileProtocolExtraPrivileges',
      'loadBrowserProcessSpecificV8Snapshot',
      'onlyLoadAppFromAsar',
      'runAsNode',
    ]);
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(false);
    expect(config.electronFuses?.loadBrowserProcessSpecificV8Snapshot).toBe(false);
  });
});

describe('the Playwright test build (electron-builder.e2e.yml)', () => {
  it('keeps every hardening fuse but the inspect arguments Playwright attaches with', () => {
    expect(e2e.electronFuses).toEqual({ ...config.electronFuses, enableNodeCliInspectArguments: true });
    expect(config.electronFuses?.enableNodeCliInspectArguments).toBe(false);
    for (const fuse of ['runAsNode', 'enableNodeOptionsEnvironmentVariable'] as const) expect(e2e.electronFuses?.[fuse], fuse).toBe(false);
    for (const fuse of ['enableCookieEncryption', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar'] as const)
      expect(e2e.electronFuses?.[fuse], fuse).toBe(true);
  });

  it('builds only an unpacked folder, elsewhere, with no update feed, and otherwise the same app', () => {
    for (const platform of ['win', 'linux', 'mac'] as const) expect(targets(e2e[platform]), platform).toEqual(['dir']);
    expect(e2e.publish ?? null).toBeNull();
    expect(e2e.directories?.output).toBe('dist-e2e');
    expect(e2e.asarUnpack).toEqual(config.asarUnpack);
    expect(e2e.linux?.maintainer).toBe(config.linux?.maintainer);
  });
});

describe('runtime dependencies', () => {
  it('every dependency is packaged (external in app/package.json, bundled into main.cjs or the renderer) or serves only the web host', async () => {
    const main = await build({
      entryPoints: [path.join(ROOT, 'main/electron/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: [...MAIN_EXTERNALS, 'bufferutil', 'utf-8-validate'],
      define: { 'import.meta.url': '"file:///x"', 'import.meta.dirname': '"/"', 'import.meta.filename': '"/x"' },
    });
    const inMain = (dep: string) => Object.keys(main.metafile.inputs).some((i) => i.includes(`node_modules/${dep}/`));
    const rendererSources = listFiles(path.join(ROOT, 'renderer', 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const hostSources = listFiles(path.join(ROOT, 'main', 'web'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const importedIn = (sources: string, dep: string) => new RegExp(`from '${dep.replace('/', '\\/')}(/[^']*)?'`).test(sources);
    const where = Object.keys(rootPkg.dependencies).map((dep) => [
      dep,
      dep in appPkg.dependencies
        ? 'app'
        : inMain(dep)
          ? 'main'
          : importedIn(rendererSources, dep)
            ? 'renderer'
            : importedIn(hostSources, dep)
              ? 'web host'
              : 'NOWHERE',
    ]);
    expect(where.filter(([, w]) => w === 'NOWHERE')).toEqual([]);
    // The Electron-only pieces are really in the main bundle (not left to a missing node_modules).
    expect(inMain('electron-log')).toBe(true);
    expect(inMain('electron-updater')).toBe(true);
  });

  it('native modules are rebuilt for Electron while packaging and unpacked from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    for (const dep of Object.keys(appPkg.dependencies)) expect(config.asarUnpack).toContain(`node_modules/${dep}/**`);
  });
});

describe('the deb installs the scanner udev rule', () => {
  it('ships the rule as a resource, and the install script copies it into /etc/udev and reloads udev', () => {
    const rule = config.extraResources?.find((r) => r.from.endsWith('.rules'));
    expect(rule).toBeDefined();
    const install = readFileSync(path.join(ROOT, config.deb!.afterInstall!), 'utf8');
    expect(install).toContain(rule!.to);
    expect(install).toMatch(/\/(etc|lib)\/udev\/rules\.d/);
    expect(install).toMatch(/udevadm (control --reload|trigger)/);
    const remove = readFileSync(path.join(ROOT, config.deb!.afterRemove!), 'utf8');
    expect(remove).toContain(path.basename(rule!.to));
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
