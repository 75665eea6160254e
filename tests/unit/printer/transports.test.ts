import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrinter } from '../../../main/hardware/printer/printer-service.js';
import { fileTransport } from '../../../main/hardware/printer/transports/file.js';
import { lpArgs, lpTransport } from '../../../main/hardware/printer/transports/lp.js';
import { PrintError, type PrintJobPayload } from '../../../main/hardware/printer/transports/transport.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loket-printer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const payload = (bytes: number[]): PrintJobPayload => ({
  bytes: Uint8Array.from(bytes),
  layout: { columns: 32, language: 'nl', lines: [] },
});

describe('file transport', () => {
  it('writes the bytes to an existing device file', async () => {
    const device = path.join(dir, 'lp0');
    await writeFile(device, '');
    await fileTransport({ path: device, policy: { testDir: dir } }).send(payload([0x1b, 0x40, 0x41, 0xd5, 0x0a]));
    expect([...(await readFile(device))]).toEqual([0x1b, 0x40, 0x41, 0xd5, 0x0a]);
  });

  it('fails clearly, without creating a file, when the device is missing', async () => {
    const device = path.join(dir, 'missing-lp');
    const err = await fileTransport({ path: device, policy: { testDir: dir } })
      .send(payload([0x41]))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect((err as PrintError).message).toMatch(/does not exist/);
    expect(await readFile(device).catch(() => 'absent')).toBe('absent');
    expect(await checkPrinter(`file://${device}`, 3000, { testDir: dir })).toMatchObject({
      ok: false,
      detail: expect.stringContaining('does not exist') as unknown,
    });
  });
});

describe('lp transport (CUPS)', () => {
  it('builds raw lp arguments', () => {
    expect(lpArgs(undefined)).toEqual(['-o', 'raw']);
    expect(lpArgs('Bon')).toEqual(['-o', 'raw', '-d', 'Bon']);
  });

  it('pipes the bytes to lp -o raw and reports its failures', async () => {
    // A stand-in lp: a real child process that stores its arguments and stdin like a spooler would.
    const out = path.join(dir, 'spooled.bin');
    const fakeLp = path.join(dir, 'lp');
    await writeFile(
      fakeLp,
      `#!/bin/sh\nif [ "$4" = "broken" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi\necho "$@" > "${out}.args"\ncat > "${out}"\n`,
    );
    await chmod(fakeLp, 0o755);
    await lpTransport({ command: fakeLp, name: 'Bon' }).send(payload([0x1b, 0x74, 0x13, 0x82]));
    expect([...(await readFile(out))]).toEqual([0x1b, 0x74, 0x13, 0x82]);
    expect((await readFile(`${out}.args`, 'utf8')).trim()).toBe('-o raw -d Bon');

    const err = await lpTransport({ command: fakeLp, name: 'broken' })
      .send(payload([0x41]))
      .catch((e: unknown) => e);
    expect((err as PrintError).kind).toBe('spooler');
    expect((err as PrintError).message).toMatch(/exited with code 1: lp: The printer or class does not exist/);

    const missing = await lpTransport({ command: path.join(dir, 'no-such-lp') })
      .send(payload([0x41]))
      .catch((e: unknown) => e);
    expect((missing as PrintError).message).toMatch(/not found: CUPS is not installed/);
  });
});
