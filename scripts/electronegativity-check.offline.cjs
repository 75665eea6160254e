// Preloaded into the Electronegativity process by scripts/electronegativity-check.mjs: the tool
// downloads translations and Electron's release list with `got`; here (and in CI) there is no
// internet and the checks must not depend on it, so every such request fails at once.
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithoutNetwork(request, parent, isMain) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('electronegativity-check: network access disabled'));
    return Object.assign(refuse, { get: refuse, head: refuse, default: refuse });
  }
  return load.call(this, request, parent, isMain);
};
