// XLSX round trip through the two libraries, and the CSV reader used for exports.
import { describe, it, expect } from 'vitest';
import { rowsToXlsx, xlsxToCsv, parseCsv } from './xlsx.js';

describe('parseCsv', () => {
  it('reads what the core writes', () => {
    expect(parseCsv('\ufeffa,b\r\n"x,y","say ""hi"""\r\n"two\nlines",\r\n')).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['two\nlines', '']]);
  });
});

describe('xlsx', () => {
  it('a sheet written by rowsToXlsx reads back as the same CSV', async () => {
    const rows = [['商机名称', '金额'], ['华东, 制造', '12.3万'], ['say "hi"', '1234.50']];
    const blob = await rowsToXlsx(rows);
    expect(blob.size).toBeGreaterThan(100);
    const csv = await xlsxToCsv(await blob.arrayBuffer());
    expect(parseCsv(csv)).toEqual(rows);
  });
});
