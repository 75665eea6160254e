#!/usr/bin/env node
/**
 * The long run of the model-based exactly-once test (tests/model): many more random cases and
 * longer sequences than `npm test` runs. Usage: `npm run soak [-- <runs> [<ops per run>]]`;
 * MODEL_SEED=<seed> replays a run, MODEL_SHRINK=1 shrinks a failure (slow: each try is a run).
 */
import { spawnSync } from 'node:child_process';

const [runs = '100', ops = '30'] = process.argv.slice(2);
const env = { ...process.env, MODEL_RUNS: runs, MODEL_OPS: ops };
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'tests/model/exactly-once.model.test.ts'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
