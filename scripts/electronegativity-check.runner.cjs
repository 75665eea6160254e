// Child process of scripts/electronegativity-check.mjs: runs Electronegativity through its library
// API (not its CLI, which stays silent about files it cannot parse when writing SARIF) and prints
// one JSON line with the files it could not parse.
//   node electronegativity-check.runner.cjs <input dir> <sarif out> <electron version> <excluded checks csv>
//
// Offline on purpose: the tool downloads translations and Electron's release list with `got`; here
// (and in CI) there is no internet and the checks must not depend on it, so every such request
// fails at once.
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithoutNetwork(request, parent, isMain) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('electronegativity-check: network access disabled'));
    return Object.assign(refuse, { get: refuse, head: refuse, default: refuse });
  }
  return load.call(this, request, parent, isMain);
};

const [input, output, electronVersion, excluded] = process.argv.slice(2);
const run = require('@doyensec/electronegativity');

run({
  input,
  output,
  isSarif: true,
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded ? excluded.split(',') : [],
}).then(
  (result) => {
    const unparsed = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: e.file, message: e.message }));
    process.stdout.write(`ELECTRONEGATIVITY_RESULT ${JSON.stringify({ unparsed })}\n`);
  },
  (err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
