// Mutation testing of the sales core (the exactly-once issue): `npm run mutation`.
// Slow (minutes to an hour): not part of `npm test`. Reports go to reports/mutation/.
//
// MUTATE=a.ts,b.ts mutates just those files (a part of the run, minutes instead of an hour); its
// reports are named after the part so the parts of one long measurement do not overwrite each other.
const part = process.env.MUTATE?.split(',').filter(Boolean);
// MUTATE_NAME names the reports of such a part (e.g. a rerun of one run's survivors).
const reportName = process.env.MUTATE_NAME
  ? `part-${process.env.MUTATE_NAME}`
  : part
    ? `part-${part.map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, '')).join('+')}`
    : 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: part ?? [
    'main/sales/**/*.ts',
    // Pure wiring, not run by the sales tests: index.ts is the composition root (the tests build
    // the same stack in tests/integration/sales/harness.ts); hooks.ts holds only the types of the
    // crash tests' kill points and the no-op default.
    '!main/sales/index.ts',
    '!main/sales/hooks.ts',
    'contract/card-number.ts',
  ],
  coverageAnalysis: 'perTest',
  // Two cores, shared with other work on this machine; MUTATION_CONCURRENCY=2 on a quiet one.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  // The integration tests use real timers and a real HTTP simulator: allow for a loaded machine.
  timeoutMS: 15_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
