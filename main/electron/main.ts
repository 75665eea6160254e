/**
 * Electron entry point, bundled to app/dist/main.cjs (so __dirname is app/dist at runtime).
 */
import { startLoket } from './lifecycle.js';

startLoket({ distDir: __dirname, env: process.env });
