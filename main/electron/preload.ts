/**
 * Sandboxed preload (bundled into one CJS file by scripts/build-main.mjs: a sandboxed preload
 * cannot require npm modules). Exposes only the contract's bridge; ipcRenderer itself never
 * reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('loket', createBridge(ipcRenderer));
