/**
 * The tests StrykerJS runs against mutants of main/sales/ and contract/card-number.ts
 * (stryker.config.mjs, `npm run mutation`). Not used by `npm test`.
 *
 * Only in-process tests: the crash and model tests run the sales code in child processes, where
 * Stryker can neither activate a mutant nor see coverage.
 */
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * With bail (Stryker stops a mutant's run at its first failing test), order decides the cost of a
 * killed mutant: unit tests before the slow integration tests, within each the file that failed
 * last time first (it likely kills the next mutant of the same code too), then the quickest.
 * Vitest's own order (longest first) suits parallel runs, not this one.
 */
class QuickFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (f: TestSpecification) => `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
    const rank = (f: TestSpecification) => (f.moduleId.includes('/tests/unit/') ? 0 : 1);
    const failed = (f: TestSpecification) => (cache.getFileTestResults(key(f))?.failed ? 0 : 1);
    const cost = (f: TestSpecification) => cache.getFileTestResults(key(f))?.duration ?? cache.getFileStats(key(f))?.size ?? 0;
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b) || failed(a) - failed(b) || cost(a) - cost(b)));
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
    sequence: { sequencer: QuickFirstSequencer },
  },
});
