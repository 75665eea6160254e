import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../../contract/dates.js';
import { formatDayInput, parseDayInput } from '../../renderer/src/lib/format/date-input.js';

describe('parseDayInput', () => {
  it('reads dd/mm/jjjj and its variants', () => {
    expect(parseDayInput('16/12/1980')).toBe('1980-12-16');
    expect(parseDayInput(' 16-12-1980 ')).toBe('1980-12-16');
    expect(parseDayInput('16.12.1980')).toBe('1980-12-16');
    expect(parseDayInput('16121980')).toBe('1980-12-16');
    expect(parseDayInput('1/2/2026')).toBe('2026-02-01');
    expect(parseDayInput('29/02/2024')).toBe('2024-02-29');
  });

  it('refuses days that do not exist', () => {
    expect(parseDayInput('31/02/2026')).toBeUndefined();
    expect(parseDayInput('29/02/2026')).toBeUndefined();
    expect(parseDayInput('31/04/2026')).toBeUndefined();
    expect(parseDayInput('00/01/2026')).toBeUndefined();
    expect(parseDayInput('12/13/2026')).toBeUndefined();
  });

  it('refuses two-digit years, mixed separators, other shapes and odd years', () => {
    expect(parseDayInput('16/12/80')).toBeUndefined();
    expect(parseDayInput('161280')).toBeUndefined();
    expect(parseDayInput('16/12.1980')).toBeUndefined();
    expect(parseDayInput('1980-12-16')).toBeUndefined();
    expect(parseDayInput('16 12 1980')).toBeUndefined();
    expect(parseDayInput('')).toBeUndefined();
    expect(parseDayInput('01/01/0001')).toBeUndefined();
    expect(parseDayInput('16/12/1980x')).toBeUndefined();
  });

  it('formats a day back as typed', () => {
    expect(formatDayInput('1980-12-16')).toBe('16/12/1980');
    expect(parseDayInput(formatDayInput('2026-03-01'))).toBe('2026-03-01');
  });

  it('isCalendarDay knows leap years', () => {
    expect(isCalendarDay('2000-02-29')).toBe(true);
    expect(isCalendarDay('1900-02-29')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
  });
});
