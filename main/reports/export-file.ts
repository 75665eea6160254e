/**
 * Writes an exported report into a folder the operator chose: the folder is checked first (an
 * absolute path to an existing, writable directory), then the file is written atomically (a
 * temporary file in the same folder, flushed, renamed over the final name) so a crash or a full
 * disk never leaves half a CSV that looks complete.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';

/**
 * Checks a folder typed in the web host (or returned by a dialog); returns it resolved. A missing
 * folder, a file and an unwritable folder get one and the same answer: the renderer is untrusted
 * and must not learn from the error which folders exist on the machine.
 */
export async function checkExportFolder(folder: string): Promise<string> {
  const invalid = (reason: string, message: string) => new AppError('REPORT_FOLDER_INVALID', message, { reason });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(folder)) throw invalid('characters', 'The folder name contains control characters');
  if (!path.isAbsolute(folder)) throw invalid('relative', 'Give the full path of the folder');
  const resolved = path.resolve(folder);
  const unusable = () => invalid('unusable', 'This folder cannot be used: give the full path of an existing folder you can write to');
  try {
    const stat = await fs.stat(resolved);
    if (!stat.isDirectory()) throw unusable();
    await fs.access(resolved, constants.W_OK);
  } catch {
    throw unusable();
  }
  return resolved;
}

/** Keeps a file name portable (Windows forbids \ / : * ? " < > |) and short. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').replace(/\s+/g, '_').slice(0, 120);
}

/** Writes `content` as `folder/name` atomically; returns the final path. */
export async function writeFileAtomically(folder: string, name: string, content: string): Promise<string> {
  const target = path.join(folder, name);
  const temp = path.join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
    return target;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    // The file system's own words (ENOENT, EACCES with the path) stay in main's log, not in the answer.
    throw new AppError('REPORT_WRITE_FAILED', `The report could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
