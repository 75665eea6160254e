/**
 * The runtime boundaries (docs/architecture.md §2) fail the build when broken: shown here against
 * the real eslint.config.js and renderer/tsconfig.json with virtual files, so no fixture is ever
 * linted or type-checked by the normal run.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The import rules are syntactic; type-aware parsing would require the virtual files on disk.
const eslint = new ESLint({ cwd: REPO, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO, filePath) });
  if (!result) throw new Error('no lint result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`lint could not parse the fixture: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries (eslint.config.js)', () => {
  it('a renderer file may not import Node', async () => {
    expect(
      await importErrors('renderer/src/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"),
    ).toEqual([expect.stringContaining('The renderer cannot use Node')]);
    expect(await importErrors('renderer/src/features/fixture.tsx', "import path from 'path';\nexport const p = path;\n")).toHaveLength(1);
  });

  it('a renderer component reaches main only through its feature store or hook', async () => {
    const code = "import { client } from '../../lib/api/client.js';\nexport const c = client;\n";
    expect(await importErrors('renderer/src/features/sale/Fixture.tsx', code)).toEqual([
      expect.stringContaining("A component does not call main: use its feature's store or hook"),
    ]);
    // The store beside it may, and so may the entry point that starts the app.
    expect(await importErrors('renderer/src/features/sale/fixture-store.ts', code)).toEqual([]);
    expect(await importErrors('renderer/src/app/main.tsx', code.replace('../../lib', '../lib'))).toEqual([]);
    // The component rule keeps the renderer-wide ones.
    expect(await importErrors('renderer/src/features/sale/Fixture.tsx', "import fs from 'fs';\nexport const f = fs;\n")).toHaveLength(1);
  });

  it('a renderer file may not import main-process code', async () => {
    const errors = await importErrors(
      'renderer/src/features/fixture.ts',
      "import { createRuntime } from '../../../main/runtime/runtime.js';\nexport const r = createRuntime;\n",
    );
    expect(errors).toEqual([expect.stringContaining('may not import main-process code')]);
  });

  it('only main/electron may import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await importErrors('main/uitpas/fixture.ts', code)).toEqual([
      expect.stringContaining("Only main/electron/ may import 'electron'"),
    ]);
    expect(await importErrors('main/web/fixture.ts', code)).toHaveLength(1);
    expect(await importErrors('renderer/src/fixture.ts', code)).toHaveLength(1);
    expect(await importErrors('main/electron/fixture.ts', code)).toEqual([]);
  });

  it('inside main no import runs back up a layer (core <- capabilities <- tools <- runtime <- transports)', async () => {
    const refused = (file: string, spec: string) => importErrors(file, `import { x } from '${spec}';\nexport const y = x;\n`);
    expect(await refused('main/sales/fixture.ts', '../runtime/dispatcher.js')).toEqual([
      expect.stringContaining('A capability never imports'),
    ]);
    expect(await refused('main/hardware/printer/fixture.ts', '../../tools/simulator/server.js')).toHaveLength(1);
    expect(await refused('main/uitpas/fixture.ts', '../web/server.js')).toHaveLength(1);
    expect(await refused('main/core/fixture.ts', '../config/index.js')).toEqual([
      expect.stringContaining('main/core imports only contract/'),
    ]);
    expect(await refused('main/tools/simulator/fixture.ts', '../../runtime/runtime.js')).toHaveLength(1);
    expect(await refused('main/runtime/fixture.ts', '../electron/main.js')).toHaveLength(1);
    // The allowed directions pass.
    expect(await refused('main/sales/fixture.ts', '../core/errors.js')).toEqual([]);
    expect(await refused('main/hardware/printer/fixture.ts', './transports/tcp.js')).toEqual([]);
    expect(await refused('main/tools/doctor/fixture.ts', '../../uitpas/index.js')).toEqual([]);
    expect(await refused('main/runtime/fixture.ts', '../tools/simulator/server.js')).toEqual([]);
    expect(await refused('main/web/fixture.ts', '../electron/main.js')).toEqual([
      expect.stringContaining('The web host stands beside the Electron transport'),
    ]);
    expect(await refused('main/web/fixture.ts', '../runtime/runtime.js')).toEqual([]);
    expect(await refused('main/core/fixture.ts', '../../contract/index.js')).toEqual([]);
  });

  it('the contract stays pure', async () => {
    expect(await importErrors('contract/fixture.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toEqual([
      expect.stringContaining('no Node'),
    ]);
  });

  it('allowed imports pass (the rules are not simply failing everything)', async () => {
    expect(
      await importErrors('renderer/src/fixture.ts', "import { calls } from '../../contract/index.js';\nexport const c = calls;\n"),
    ).toEqual([]);
    expect(
      await importErrors('main/uitpas/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"),
    ).toEqual([]);
  });
});

describe('type boundaries (renderer/tsconfig.json)', () => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(REPO, 'renderer/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('renderer/tsconfig.json did not parse');

  /** Type-checks one virtual renderer file with the renderer's real compiler options. */
  function rendererTypeErrors(code: string): string[] {
    const fileName = join(REPO, 'renderer/src/__boundary_fixture__.ts');
    const host = ts.createCompilerHost(parsed!.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, onError, create) =>
      name === fileName ? ts.createSourceFile(name, code, lang) : getSourceFile(name, lang, onError, create);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === fileName || fileExists(name);
    const program = ts.createProgram({ rootNames: [fileName], options: parsed!.options, host });
    return ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('Node modules and globals do not exist for the renderer', () => {
    expect(rendererTypeErrors("import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n").join('\n')).toMatch(
      /Cannot find module 'node:fs'/,
    );
    expect(rendererTypeErrors('export const home = process.env.HOME;\n').join('\n')).toMatch(/Cannot find name 'process'/);
  });

  it('DOM code type-checks (control)', () => {
    expect(rendererTypeErrors("export const el = document.createElement('div');\n")).toEqual([]);
  });
});
