import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The real electron-log (its Node flavour: same transports as electron-log/main, no Electron needed).
import electronLogNode from 'electron-log/node';
import { LOG_KEEP, rotateLogFile, rotatedName } from '../../main/electron/log-files.js';
import { createFileLogger, type FileLogTarget } from '../../main/electron/file-log.js';

let dir: string;
let n = 0;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loket-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const freshTarget = () => electronLogNode.create({ logId: `loket-test-${process.pid}-${n++}` }) as unknown as FileLogTarget;

describe('the Electron file log', () => {
  it('writes redacted lines to <data>/logs/loket.log', () => {
    const { logger, file } = createFileLogger(dir, { target: freshTarget(), console: false });
    expect(file).toBe(path.join(dir, 'logs', 'loket.log'));
    logger.info('sale registered', { saleId: '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10', uitpasNumber: '0930000420206' });
    logger.error('buy failed', { saleId: '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10', err: new Error('401 oauth_token=tok-x') });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO sale registered \{"saleId":"3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10","uitpasNumber":"\*{9}0206"\}$/m,
    );
    expect(text).toMatch(/ERROR buy failed/);
    expect(text).not.toContain('0930000420206');
    expect(text).not.toContain('tok-x');
  });

  it('rotates by size into numbered files', () => {
    const target = freshTarget();
    const { logger, file } = createFileLogger(dir, { target, console: false });
    target.transports.file.maxSize = 300;
    for (let i = 0; i < 40; i++) logger.info(`line ${i} ${'x'.repeat(60)}`);
    expect(existsSync(rotatedName(file, 1))).toBe(true);
    expect(existsSync(rotatedName(file, 2))).toBe(true);
    expect(existsSync(rotatedName(file, LOG_KEEP + 1))).toBe(false);
    expect(readFileSync(file, 'utf8')).toContain('line 39');
  });
});

describe('rotateLogFile', () => {
  it('shifts loket.log -> .1 -> .2 … and drops the oldest beyond keep', () => {
    const file = path.join(dir, 'logs', 'loket.log');
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'current');
    writeFileSync(rotatedName(file, 1), 'one');
    writeFileSync(rotatedName(file, 3), 'three');
    rotateLogFile(file, 3);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(rotatedName(file, 1), 'utf8')).toBe('current');
    expect(readFileSync(rotatedName(file, 2), 'utf8')).toBe('one');
    expect(existsSync(rotatedName(file, 3))).toBe(false);
  });

  it('never throws, even when the folder is gone', () => {
    expect(() => rotateLogFile(path.join(dir, 'missing', 'loket.log'))).not.toThrow();
  });
});
