/**
 * Personal data is kept minimal on disk (issue 12, finding 4), read back from the real files:
 * a purge leaves no name or full card number in the database file or its WAL; raw replies are
 * stored without names, birth dates or home cities; old rejected and unknown sales are purged by
 * a stated rule; the data folder is 0700 and the outbox with its WAL/SHM 0600 on both transports.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openOutboxDatabase } from '../../main/sales/store/open-database.js';
import { SaleStore, UNRESOLVED_GRACE_DAYS, type NewSale } from '../../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../../main/sales/store/sql-writer.js';

vi.mock('electron', () => import('../electron/electron-double.js'));
const { createRuntime } = await import('../../main/runtime/runtime.js');
const { silentLogger } = await import('../../main/core/log.js');

const DAY = 86_400_000;
const CARD = '0930000150316';
const NAME = 'Annelies Vandenbroucke';
const REPLY =
  '<ticketSale><id>17005</id><price>5.0</price><tariff>1.5</tariff><firstName>Annelies</firstName><lastName>Vandenbroucke</lastName>' +
  '<dateOfBirth>1982-08-23T02:00:00+02:00</dateOfBirth><userHomeCity>Oudenaarde</userHomeCity><groupPass>false</groupPass></ticketSale>';

function sale(id: string, createdMs: number): NewSale {
  return {
    id,
    createdAt: new Date(createdMs).toISOString(),
    createdMs,
    counterKey: 'counter-1',
    userId: 'user-1',
    uitpasNumber: CARD,
    groupPass: false,
    passholderUid: 'uid-annelies',
    holderName: NAME,
    cdbid: 'event-1',
    activityTitle: 'Concert',
    amountOfTickets: 1,
    expectedPriceCents: 500,
    expectedTariffCents: 150,
    provisional: false,
  };
}

/** The database file and its WAL as bytes, as someone reading the disk would see them. */
function diskText(file: string): string {
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

let dir: string;
let stores: SaleStore[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-personal-'));
  stores = [];
});
afterEach(async () => {
  for (const s of stores) {
    await s.close();
    s.db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** As the runtime opens it: the outbox file, with the writer thread. */
function open(): { store: SaleStore; file: string } {
  const file = join(dir, 'outbox.sqlite');
  const db = openOutboxDatabase(file);
  const store = new SaleStore(db, ThreadSqlWriter.start(file));
  stores.push(store);
  return { store, file };
}

async function registered(store: SaleStore, id: string, createdMs: number): Promise<void> {
  await store.insert(sale(id, createdMs), 'operator', 'sold');
  await store.transition(id, {
    from: 'pending',
    to: 'sending',
    actor: 'worker',
    reason: 'send',
    at: new Date(createdMs),
    rawRequest: `POST /buy/${CARD}`,
  });
  await store.transition(id, {
    from: 'sending',
    to: 'registered',
    actor: 'worker',
    reason: 'ok',
    at: new Date(createdMs),
    rawResponse: REPLY,
    patch: { ticketSaleId: id },
  });
}

describe('the outbox on disk', () => {
  it('stores raw replies without names, birth date or home city (never written, not even to the WAL)', async () => {
    const { store, file } = open();
    await registered(store, 's1', Date.now());
    const reply = store.history('s1').find((e) => e.rawResponse)?.rawResponse ?? '';
    expect(reply).toContain('<tariff>1.5</tariff>');
    for (const gone of ['Annelies</firstName>', 'Vandenbroucke</lastName>', '1982-08-23', 'Oudenaarde']) {
      expect(reply).not.toContain(gone);
      expect(diskText(file)).not.toContain(gone);
    }
  });

  it('a purge leaves no name, uid or full card number in the database file or its WAL', async () => {
    const { store, file } = open();
    const old = Date.now() - 40 * DAY;
    await registered(store, 'old', old);
    expect(diskText(file)).toContain(NAME);
    expect(await store.purgePersonalData(Date.now() - 30 * DAY, new Date())).toBe(1);
    expect(store.get('old')).toMatchObject({ uitpasNumber: '*********0316' });
    const disk = diskText(file);
    for (const gone of [NAME, 'uid-annelies', CARD]) expect(disk, gone).not.toContain(gone);
  });

  it('purges old rejected sales like settled ones, and unknown ones after the grace period; pending ones keep their data', async () => {
    const { store } = open();
    const now = Date.now();
    const cutoff = now - 30 * DAY;
    const at = new Date(now);
    await store.insert(sale('rejected-old', cutoff - DAY), 'operator', 'sold');
    await store.transition('rejected-old', { from: 'pending', to: 'sending', actor: 'worker', reason: 'send', at });
    await store.transition('rejected-old', {
      from: 'sending',
      to: 'rejected',
      actor: 'worker',
      reason: 'MAXIMUM_REACHED',
      at,
      rawResponse: REPLY,
    });
    for (const [id, age] of [
      ['unknown-in-grace', cutoff - DAY],
      ['unknown-past-grace', cutoff - (UNRESOLVED_GRACE_DAYS + 1) * DAY],
    ] as const) {
      await store.insert(sale(id, age), 'operator', 'sold');
      await store.transition(id, { from: 'pending', to: 'sending', actor: 'worker', reason: 'send', at });
      await store.transition(id, {
        from: 'sending',
        to: 'unknown',
        actor: 'worker',
        reason: 'timeout',
        at,
        patch: { needsOperator: true },
      });
    }
    await store.insert(sale('pending-old', cutoff - 400 * DAY), 'operator', 'sold');

    expect(await store.purgePersonalData(cutoff, at)).toBe(2);
    for (const id of ['rejected-old', 'unknown-past-grace']) {
      expect(store.get(id), id).toMatchObject({ uitpasNumber: '*********0316' });
      expect(store.get(id)?.holderName, id).toBeUndefined();
      expect(
        store.history(id).some((e) => e.rawResponse ?? e.rawRequest),
        id,
      ).toBe(false);
    }
    // Still being reconciled, or still to be sent: the full number is what that needs.
    expect(store.get('unknown-in-grace')).toMatchObject({ uitpasNumber: CARD, holderName: NAME });
    expect(store.get('pending-old')).toMatchObject({ uitpasNumber: CARD, holderName: NAME });
  });

  it('secure_delete is on for the reader and the writer connection', () => {
    const { store } = open();
    expect(store.db.pragma('secure_delete', { simple: true })).toBe(1);
  });
});

describe.each(['web', 'electron'] as const)('file modes through the %s runtime', (transport) => {
  it('data folder 0700; outbox, WAL and SHM 0600, also when an older Loket left them open', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    // An outbox from before: world-readable.
    const first = await createRuntime({ transport, env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
    await first.close();
    for (const f of ['outbox.sqlite', 'outbox.sqlite-wal', 'outbox.sqlite-shm']) {
      if (existsSync(join(dataDir, f))) chmodSync(join(dataDir, f), 0o644);
    }
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'marker'), '');

    const runtime = await createRuntime({ transport, env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
    try {
      await runtime.dispatcher.dispatch('queue.status', undefined);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const f of ['outbox.sqlite', 'outbox.sqlite-wal', 'outbox.sqlite-shm']) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(statSync(join(dataDir, f)).mode & 0o777, f).toBe(0o600);
      }
    } finally {
      await runtime.close();
    }
  });

  it('a new data folder and outbox are private from the start', async () => {
    const dataDir = join(dir, 'fresh', 'loket');
    const runtime = await createRuntime({ transport, env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'outbox.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      await runtime.close();
    }
  });
});
