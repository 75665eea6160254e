import { describe, expect, it } from 'vitest';
import { describePrinter, parsePrinterUrl } from '../../../main/hardware/printer/printer-url.js';

describe('parsePrinterUrl', () => {
  it('parses every supported form', () => {
    expect(parsePrinterUrl('none')).toEqual({ kind: 'none' });
    expect(parsePrinterUrl('')).toEqual({ kind: 'none' });
    expect(parsePrinterUrl('tcp://10.0.0.5:9100')).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 9100 });
    expect(parsePrinterUrl('tcp://bonprinter')).toEqual({ kind: 'tcp', host: 'bonprinter', port: 9100 });
    expect(parsePrinterUrl('tcp://[::1]:9101')).toEqual({ kind: 'tcp', host: '::1', port: 9101 });
    expect(parsePrinterUrl('file:///dev/usb/lp0')).toEqual({ kind: 'file', path: '/dev/usb/lp0' });
    expect(parsePrinterUrl('file:///C:/printers/out.bin')).toEqual({ kind: 'file', path: 'C:/printers/out.bin' });
    expect(parsePrinterUrl('system')).toEqual({ kind: 'system' });
    expect(parsePrinterUrl('system:EPSON TM-T20III')).toEqual({ kind: 'system', name: 'EPSON TM-T20III' });
  });

  it('rejects bad input with a message saying what is expected', () => {
    expect(() => parsePrinterUrl('tcp://host:99999')).toThrow(/out of range/);
    expect(() => parsePrinterUrl('tcp://')).toThrow(/not a valid tcp printer address/);
    expect(() => parsePrinterUrl('file://relative/path')).toThrow(/absolute path/);
    expect(() => parsePrinterUrl('system:')).toThrow(/printer name/);
    expect(() => parsePrinterUrl('http://printer')).toThrow(/expected none, tcp:\/\/host:9100/);
  });

  it('describes a target back as a URL', () => {
    for (const url of ['none', 'tcp://10.0.0.5:9100', 'tcp://[::1]:9101', 'file:///dev/usb/lp0', 'system', 'system:Bon']) {
      expect(describePrinter(parsePrinterUrl(url))).toBe(url);
    }
  });
});
