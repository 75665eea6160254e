import { describe, expect, it } from 'vitest';
import type { SaleView } from '../../../contract/schemas/sales.js';
import { EventBus } from '../../../main/core/event-bus.js';
import { createConsoleLogger } from '../../../main/core/log.js';
import { attachSaleJournal, journalLine } from '../../../main/sales/sale-journal.js';

const ID = '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10';
const sale = (over: Partial<SaleView> = {}): SaleView => ({
  id: ID,
  createdAt: '2026-11-27T10:00:00.000Z',
  counterKey: 'balie-1',
  uitpasNumber: '0930000420206',
  groupPass: false,
  holderName: 'Jan Janssens',
  cdbid: 'act-1',
  activityTitle: 'Concert',
  amountOfTickets: 1,
  expectedPriceCents: 1000,
  expectedTariffCents: 150,
  provisional: false,
  state: 'pending',
  attempts: 0,
  ...over,
});

describe('journalLine', () => {
  it('one line per state change, nothing for the same state again', () => {
    expect(journalLine(undefined, sale())).toEqual({
      level: 'info',
      message: 'sale pending',
      fields: { state: 'pending', cdbid: 'act-1', tickets: 1, attempts: 0 },
    });
    expect(journalLine({ state: 'pending' }, sale({ attempts: 1 }))).toBeNull();
    expect(journalLine({ state: 'sending' }, sale({ state: 'registered', ticketSaleId: 'ts-9', attempts: 1 }))).toMatchObject({
      level: 'info',
      message: 'sale sending -> registered',
      fields: { ticketSaleId: 'ts-9', from: 'sending' },
    });
  });

  it('warns for rejected, unknown and alerts, with the UiTPAS code', () => {
    expect(journalLine({ state: 'sending' }, sale({ state: 'rejected', error: { code: 'INVALID_CARD', message: 'x' } }))).toMatchObject({
      level: 'warn',
      fields: { code: 'INVALID_CARD' },
    });
    expect(journalLine({ state: 'sending' }, sale({ state: 'unknown' }))?.level).toBe('warn');
    expect(journalLine({ state: 'registered' }, sale({ state: 'registered', alert: 'tariff-changed' }))).toMatchObject({
      level: 'warn',
      fields: { alert: 'tariff-changed' },
    });
  });

  it('never carries the card number or the holder’s name', () => {
    const text = JSON.stringify(journalLine(undefined, sale()));
    expect(text).not.toContain('0930000420206');
    expect(text).not.toContain('Janssens');
  });
});

describe('attachSaleJournal', () => {
  it('logs each change of a sale from the bus with the sale UUID on every line', () => {
    const bus = new EventBus();
    const lines: string[] = [];
    attachSaleJournal(
      bus,
      createConsoleLogger((l) => lines.push(l)),
    );
    bus.emit('sale', sale());
    bus.emit('sale', sale({ state: 'sending', attempts: 1 }));
    bus.emit('sale', sale({ state: 'sending', attempts: 1 }));
    bus.emit('sale', sale({ state: 'registered', attempts: 1, ticketSaleId: 'ts-9' }));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.includes(`"saleId":"${ID}"`))).toBe(true);
    expect(lines[2]).toContain('INFO sale sending -> registered');
  });

  it('does not log again the sale the bus replays on attach', () => {
    const bus = new EventBus();
    bus.emit('sale', sale());
    const lines: string[] = [];
    attachSaleJournal(
      bus,
      createConsoleLogger((l) => lines.push(l)),
    );
    expect(lines).toEqual([]);
    bus.emit('sale', sale({ state: 'sending' }));
    expect(lines[0]).toContain('sale pending -> sending');
  });
});
