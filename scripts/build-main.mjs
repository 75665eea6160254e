#!/usr/bin/env node
// Bundles the Electron main process and the preload into app/dist (electron-builder's app dir):
//   main/electron/main.ts    -> app/dist/main.cjs     (Node/Electron main; native modules external)
//   main/electron/preload.ts -> app/dist/preload.cjs  (sandboxed preload: everything bundled,
//                                                      it may only require 'electron')
//   main/tools/simulator/server.ts -> app/dist/simulator.cjs (demo mode only: main.cjs loads it
//                                    through main/runtime/demo-simulator.ts and never contains it)
//   main/tools/simulator-v4/demo.ts -> app/dist/simulator-v4.cjs (the same for API 4's demo mode:
//                                    its simulator and the local UiTiD provider)
// Native modules stay external because their .node binaries must be rebuilt for Electron's ABI
// and shipped unpacked; app/package.json lists each of them (tests/unit/build checks it).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = path.join(ROOT, 'app', 'dist');

/** Loaded at runtime from app/node_modules, never bundled. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'node-hid'];
/** The imports that leave main.cjs for files of their own (demo mode's UiTPAS, per API). */
export const SIMULATOR_MODULE = path.join(ROOT, 'main/tools/simulator/server.ts');
export const SIMULATOR_BUNDLE = 'simulator.cjs';
export const SIMULATOR_V4_MODULE = path.join(ROOT, 'main/tools/simulator-v4/demo.ts');
export const SIMULATOR_V4_BUNDLE = 'simulator-v4.cjs';

/** Resolves each demo simulator's import to its separate bundle next to main.cjs. */
const simulatorApart = {
  name: 'simulator-apart',
  setup(b) {
    const apart = new Map([
      [SIMULATOR_MODULE, SIMULATOR_BUNDLE],
      [SIMULATOR_V4_MODULE, SIMULATOR_V4_BUNDLE],
    ]);
    b.onResolve({ filter: /tools\/simulator(-v4)?\/(server|demo)\.js$/ }, (args) => {
      const bundle = apart.get(path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
      return bundle ? { path: `./${bundle}`, external: true } : undefined;
    });
  },
};

/**
 * The names the preload needs, read from the real contract at build time: the contract bundled
 * on its own (zod and all) and evaluated here, once.
 */
export async function contractNames() {
  const out = await build({
    entryPoints: [path.join(ROOT, 'contract/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  const contract = module.exports;
  return {
    calls: Object.keys(contract.calls), // mutation-check: preload-names
    events: Object.keys(contract.events),
    errorCodes: contract.RpcErrorCode,
  };
}

/**
 * For the preload only: main/electron/contract-names.ts gets a generated module in place
 * of contract/index.js, so the sandboxed preload carries names, not zod and schemas.
 * @param {Awaited<ReturnType<typeof contractNames>>} names
 */
export function contractNamesOnly(names) {
  const truthy = (list) => JSON.stringify(Object.fromEntries(list.map((n) => [n, true])));
  return {
    name: 'contract-names-only',
    setup(b) {
      b.onResolve({ filter: /contract\/index\.js$/ }, (args) =>
        args.importer.endsWith(path.join('main', 'electron', 'contract-names.ts'))
          ? { path: 'contract-names', namespace: 'loket-generated' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'loket-generated' }, () => ({
        loader: 'js',
        contents: `export const calls = ${truthy(names.calls)};\nexport const events = ${truthy(names.events)};\nexport const RpcErrorCode = ${JSON.stringify(names.errorCodes)};\n`,
      }));
    },
  };
}

/** Optional speed-ups `ws` tries inside try/catch; absent is fine. */
export const OPTIONAL_EXTERNALS = ['bufferutil', 'utf-8-validate'];

// Electron 45 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';

/**
 * How main.cjs is bundled, exported so a test can bundle one part of main the same way (ESM-only
 * dependencies such as openid-client must work inside the CJS bundle).
 */
export const MAIN_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: NODE_TARGET,
  // import() becomes require(), which also reads from inside the asar archive.
  supported: { 'dynamic-import': false },
  // ESM sources that locate files next to themselves keep working inside a CJS bundle.
  banner: { js: 'const __loket_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__loket_import_meta_url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

/**
 * @param {{ outDir?: string, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outDir: string, main: import('esbuild').Metafile, preload: import('esbuild').Metafile, simulator: import('esbuild').Metafile, simulatorV4: import('esbuild').Metafile }>}
 */
export async function buildMain(options = {}) {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const logLevel = options.logLevel ?? 'warning';
  await mkdir(outDir, { recursive: true });
  const { supported, banner, define, ...cjsNode } = MAIN_BUNDLE_OPTIONS;
  const common = {
    ...cjsNode,
    sourcemap: 'linked',
    metafile: true,
    logLevel,
    absWorkingDir: ROOT,
  };
  const esmShims = { banner, define };
  const names = await contractNames();
  const [main, simulator, simulatorV4, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'main/electron/main.ts')],
      outfile: path.join(outDir, 'main.cjs'),
      external: [...MAIN_EXTERNALS, ...OPTIONAL_EXTERNALS],
      plugins: [simulatorApart],
      supported,
      ...esmShims,
    }),
    build({
      ...common,
      entryPoints: [SIMULATOR_MODULE],
      outfile: path.join(outDir, SIMULATOR_BUNDLE),
      external: [...MAIN_EXTERNALS, ...OPTIONAL_EXTERNALS],
      ...esmShims,
    }),
    build({
      ...common,
      entryPoints: [SIMULATOR_V4_MODULE],
      outfile: path.join(outDir, SIMULATOR_V4_BUNDLE),
      external: [...MAIN_EXTERNALS, ...OPTIONAL_EXTERNALS],
      ...esmShims,
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'main/electron/preload.ts')],
      outfile: path.join(outDir, 'preload.cjs'),
      external: ['electron'],
      plugins: [contractNamesOnly(names)],
    }),
  ]);
  return {
    outDir,
    main: main.metafile,
    preload: preload.metafile,
    simulator: simulator.metafile,
    simulatorV4: simulatorV4.metafile,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  buildMain({ logLevel: 'warning' }).then(
    ({ outDir }) =>
      console.log(
        `build:main -> ${path.relative(ROOT, outDir)}/main.cjs, preload.cjs, ${SIMULATOR_BUNDLE}, ${SIMULATOR_V4_BUNDLE} (${Date.now() - started} ms)`,
      ),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
