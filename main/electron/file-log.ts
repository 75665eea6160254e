/**
 * electron-log as the Electron app's Logger: one file in the data folder's logs/ (see
 * main/electron/log-files.ts), rotated by size, plus the console in development. Lines are formatted
 * and redacted by main/core/log.ts before electron-log sees them, so its own format is just the text.
 * The Node flavour of electron-log on purpose: electron-log/main registers an ipcMain channel
 * (`__ELECTRON_LOG__`) as soon as it is loaded, and the renderer gets no channel besides the
 * contract's (tests/electron/ipc.test.ts). Same file transport, same rotation hooks.
 */
import electronLog from 'electron-log/node';
import { createLineLogger, type Logger } from '../core/log.js';
import { LOG_KEEP, LOG_MAX_BYTES, logFileIn, rotateLogFile } from './log-files.js';

export type FileLogTarget = Pick<typeof electronLog, 'transports' | 'info' | 'warn' | 'error'>;

export interface FileLogger {
  logger: Logger;
  /** Full path of the current log file (shown by the diagnostics call). */
  file: string;
}

export function createFileLogger(dataDir: string, opts: { target?: FileLogTarget; console?: boolean } = {}): FileLogger {
  const target = opts.target ?? electronLog;
  const file = logFileIn(dataDir);
  const { file: fileTransport, console: consoleTransport } = target.transports;
  fileTransport.resolvePathFn = () => file;
  fileTransport.maxSize = LOG_MAX_BYTES;
  fileTransport.archiveLogFn = (old) => rotateLogFile(old.path, LOG_KEEP);
  fileTransport.format = '{text}';
  fileTransport.level = 'info';
  consoleTransport.format = '{text}';
  consoleTransport.level = opts.console === false ? false : 'info';
  const { ipc, remote } = target.transports as { ipc?: { level: unknown }; remote?: { level: unknown } };
  if (ipc) ipc.level = false;
  if (remote) remote.level = false;
  const logger = createLineLogger((level, line) => target[level](line));
  return { logger, file };
}
