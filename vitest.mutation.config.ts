/**
 * The tests StrykerJS runs against mutants of main/sales/ and contract/card-number.ts
 * (stryker.config.mjs, `npm run mutation`). Not used by `npm test`.
 *
 * Only in-process tests: the crash and model tests run the sales code in child processes, where
 * Stryker can neither activate a mutant nor see coverage.
 */
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Fast unit tests first: with bail, a mutant the unit tests kill never waits for the slow
 * integration tests (which Vitest would otherwise start first, being the longest).
 */
class UnitFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => (f.moduleId.includes('/tests/unit/') ? 0 : 1);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

const unit = ['tests/unit/sales/**/*.test.ts', 'tests/unit/uitpas/card-number.test.ts'];
const integration = ['tests/integration/sales/**/*.test.ts'];

export default defineConfig({
  test: {
    // MUTATION_TESTS=unit: the unit tests alone, a quick loop while sharpening tests of the pure
    // modules (a lower bound of the score). The default, and `npm run mutation`, runs both.
    include: process.env.MUTATION_TESTS === 'unit' ? unit : [...unit, ...integration],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    sequence: { sequencer: UnitFirstSequencer },
  },
});
