// Lint also enforces the runtime boundaries (docs/architecture.md §2): only main/electron/ may import
// 'electron'; the renderer may import neither Node nor main code; the contract is pure; inside main no
// import runs back up a layer (core <- capabilities <- tools <- runtime <- transports: electron/, web/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
];

/** What no renderer file may import, plus any extra pattern for a narrower set of files. */
const rendererImports = (...extra) => ({
  paths: [{ name: 'electron', message: 'The renderer cannot reach Electron; use the contract.' }],
  patterns: [
    { group: nodeBuiltins, message: 'The renderer cannot use Node; ask main through the contract.' },
    { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer may not import main-process code.' },
    ...extra,
  ],
});
const electronOnlyInItsTransport = { name: 'electron', message: "Only main/electron/ may import 'electron'." };
/** Relative specifiers reaching main/<folder>/ from one to three levels down. */
const into = (...folders) => folders.flatMap((f) => [`../${f}/**`, `../../${f}/**`, `../../../${f}/**`]);
const layer = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInItsTransport], patterns: [{ group: forbidden, message }] }] },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'app/**',
      'dist/**',
      '.stryker-tmp*/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnlyInItsTransport] }],
    },
  },
  {
    files: ['main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  layer(
    ['main/core/**/*.ts'],
    into('config', 'auth', 'reports', 'sales', 'uitpas', 'hardware', 'updates', 'i18n', 'tools', 'runtime', 'electron', 'web'),
    'main/core imports only contract/: it is the layer everything else stands on.',
  ),
  layer(
    ['main/{config,auth,reports,sales,uitpas,hardware,updates,i18n}/**/*.ts'],
    into('tools', 'runtime', 'electron', 'web'),
    'A capability never imports the tools, the runtime or a transport; the runtime wires capabilities together.',
  ),
  layer(['main/tools/**/*.ts'], into('runtime', 'electron', 'web'), 'The tools (simulator, doctor) stand beside the runtime, not on it.'),
  layer(['main/runtime/**/*.ts'], into('electron', 'web'), 'The runtime serves both transports and imports neither.'),
  layer(['main/web/**/*.ts'], into('electron'), 'The web host stands beside the Electron transport, never on it.'),
  {
    files: ['main/electron/**/*.ts', 'tests/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'tests/renderer/**/*.tsx', 'tests/lint-fixtures/renderer/**/*.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererImports()],
    },
  },
  {
    // Components show state and report intent; the feature's store or hook talks to main. Only the
    // entry point hands the client to start-up.
    files: ['renderer/src/**/*.tsx'],
    ignores: ['renderer/src/app/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        rendererImports({
          group: ['**/lib/api/*'],
          message: "A component does not call main: use its feature's store or hook (docs/architecture.md §11).",
        }),
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is pure.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The contract is shared with the renderer: no Node.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'The contract imports neither side.' },
          ],
        },
      ],
    },
  },
);
