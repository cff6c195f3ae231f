// The page's half of CSV import: decoding bytes (UTF-8, else GBK/GB18030) and turning sheet rows
// into CSV text for the core.
import { describe, it, expect } from 'vitest';
import { decodeText, csvRecord, cellText } from './decode.js';

// "商机名称,金额\n华东制造,12.3万\n" as Chinese Excel saves it (GBK).
const GBK = new Uint8Array([201, 204, 187, 250, 195, 251, 179, 198, 44, 189, 240, 182, 238, 10, 187, 170, 182, 171,
  214, 198, 212, 236, 44, 49, 50, 46, 51, 205, 242, 10]);

describe('decodeText', () => {
  it('reads UTF-8 and drops its BOM', () => {
    const bytes = new TextEncoder().encode('\ufeff商机名称,金额\n');
    expect(decodeText(bytes)).toEqual({ text: '商机名称,金额\n', encoding: 'utf-8' });
  });
  it('falls back to GB18030 for GBK bytes', () => {
    expect(decodeText(GBK)).toEqual({ text: '商机名称,金额\n华东制造,12.3万\n', encoding: 'gb18030' });
  });
  it('accepts an ArrayBuffer', () => {
    expect(decodeText(GBK.buffer).text.startsWith('商机名称')).toBe(true);
  });
  it('never yields replacement characters for GBK input', () => {
    expect(decodeText(GBK).text).not.toContain('\ufffd');
  });
  it('plain ASCII is UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('a,b\n1,2\n')).encoding).toBe('utf-8');
  });
});

describe('csvRecord and cellText', () => {
  it('quotes only what needs quoting', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', null, 5])).toBe('a,"b,c","say ""hi""","two\nlines",,5');
  });
  it('writes dates as the core reads them', () => {
    expect(cellText(new Date(Date.UTC(2026, 2, 1)))).toBe('2026-03-01');
    expect(cellText(new Date(Date.UTC(2026, 2, 1, 9, 30)))).toBe('2026-03-01 09:30:00');
    expect(cellText(123.5)).toBe('123.5');
    expect(cellText(null)).toBe('');
  });
});
